package com.acme.courses;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.recount.internal.DcbEvents;
import dev.recount.internal.RecountGenerated;
import dev.recount.internal.UnknownTopicException;
import java.io.IOException;
import java.util.Set;
import javax.annotation.processing.Generated;

/**
 * How {@link CourseDefined} events are stored without an aggregate.
 *
 * <p>Generated from {@link CourseDefined}; do not edit.
 */
@Generated(
        value = "dev.recount.processor.RecountProcessor",
        comments = "from com.acme.courses.CourseDefined"
)
@RecountGenerated
public final class CourseDefined_DcbEvents implements DcbEvents {
    private static final Set<String> TOPICS = Set.of(CourseDefined_Codec.TOPIC, "CourseCreated");

    /**
     * For the service loader, which finds this class through {@code META-INF/services}.
     */
    public CourseDefined_DcbEvents() {
    }

    @Override
    public Set<Class<?>> eventClasses() {
        return Set.of(CourseDefined.class);
    }

    @Override
    public Set<String> topics() {
        return TOPICS;
    }

    @Override
    public String topicOf(Object event) {
        if (event instanceof CourseDefined) {
            return CourseDefined_Codec.TOPIC;
        }
        throw new IllegalArgumentException("not a com.acme.courses.CourseDefined: "
                + event.getClass().getName());
    }

    @Override
    public void write(Object event, JsonGenerator json) throws IOException {
        if (event instanceof CourseDefined record) {
            CourseDefined_Codec.INSTANCE.write(record, json);
            return;
        }
        throw new IllegalArgumentException("not a com.acme.courses.CourseDefined: "
                + event.getClass().getName());
    }

    @Override
    public Object read(String topic, JsonParser json) throws IOException {
        switch (topic) {
            case "CourseCreated": // an alias
            case CourseDefined_Codec.TOPIC:
                return CourseDefined_Codec.INSTANCE.read(json);
            default:
                throw new UnknownTopicException("standalone com.acme.courses.CourseDefined", topic);
        }
    }

    @Override
    public Set<String> tagsOf(Object event) {
        if (event instanceof CourseDefined record) {
            return CourseDefined_Codec.INSTANCE.tags(record);
        }
        throw new IllegalArgumentException("not a com.acme.courses.CourseDefined: "
                + event.getClass().getName());
    }
}
