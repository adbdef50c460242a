package com.acme.courses;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.recount.internal.EventMapping;
import dev.recount.internal.RecountGenerated;
import dev.recount.internal.UnknownTopicException;
import java.io.IOException;
import java.util.Set;
import javax.annotation.processing.Generated;

/**
 * The topics and codecs of the events of {@link Student}.
 *
 * <p>Generated from {@link Student}; do not edit.
 */
@Generated(
        value = "dev.recount.processor.RecountProcessor",
        comments = "from com.acme.courses.Student"
)
@RecountGenerated
final class Student_Events implements EventMapping {
    static final Student_Events INSTANCE = new Student_Events();

    private static final Set<String> TOPICS = Set.of(Student_Registered_Codec.TOPIC,
            Student_Renamed_Codec.TOPIC, Student_Enrolled_Codec.TOPIC);

    private Student_Events() {
    }

    @Override
    public Set<String> topics() {
        return TOPICS;
    }

    @Override
    public String topicOf(Object event) {
        if (event instanceof Student.Registered) {
            return Student_Registered_Codec.TOPIC;
        }
        if (event instanceof Student.Renamed) {
            return Student_Renamed_Codec.TOPIC;
        }
        if (event instanceof Student.Enrolled) {
            return Student_Enrolled_Codec.TOPIC;
        }
        throw new IllegalArgumentException("not an event of com.acme.courses.Student: "
                + event.getClass().getName());
    }

    @Override
    public void write(Object event, JsonGenerator json) throws IOException {
        if (event instanceof Student.Registered registered) {
            Student_Registered_Codec.INSTANCE.write(registered, json);
        } else if (event instanceof Student.Renamed renamed) {
            Student_Renamed_Codec.INSTANCE.write(renamed, json);
        } else if (event instanceof Student.Enrolled enrolled) {
            Student_Enrolled_Codec.INSTANCE.write(enrolled, json);
        } else {
            throw new IllegalArgumentException("not an event of com.acme.courses.Student: "
                    + event.getClass().getName());
        }
    }

    @Override
    public Object read(String topic, JsonParser json) throws IOException {
        switch (topic) {
            case Student_Registered_Codec.TOPIC:
                return Student_Registered_Codec.INSTANCE.read(json);
            case Student_Renamed_Codec.TOPIC:
                return Student_Renamed_Codec.INSTANCE.read(json);
            case Student_Enrolled_Codec.TOPIC:
                return Student_Enrolled_Codec.INSTANCE.read(json);
            default:
                throw new UnknownTopicException("com.acme.courses.Student", topic);
        }
    }

    @Override
    public Set<String> tagsOf(Object event) {
        if (event instanceof Student.Registered registered) {
            return Student_Registered_Codec.INSTANCE.tags(registered);
        }
        if (event instanceof Student.Enrolled enrolled) {
            return Student_Enrolled_Codec.INSTANCE.tags(enrolled);
        }
        return Set.of();
    }
}
