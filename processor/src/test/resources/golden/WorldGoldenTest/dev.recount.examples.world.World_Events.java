package dev.recount.examples.world;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.recount.internal.EventMapping;
import dev.recount.internal.RecountGenerated;
import dev.recount.internal.UnknownTopicException;
import java.io.IOException;
import java.util.Set;
import javax.annotation.processing.Generated;

/**
 * The topics and codecs of the events of {@link World}.
 *
 * <p>Generated from {@link World}; do not edit.
 */
@Generated(
        value = "dev.recount.processor.RecountProcessor",
        comments = "from dev.recount.examples.world.World"
)
@RecountGenerated
final class World_Events implements EventMapping {
    static final World_Events INSTANCE = new World_Events();

    private static final Set<String> TOPICS = Set.of(World_Created_Codec.TOPIC,
            World_SomethingHappened_Codec.TOPIC);

    private World_Events() {
    }

    @Override
    public Set<String> topics() {
        return TOPICS;
    }

    @Override
    public String topicOf(Object event) {
        if (event instanceof World.Created) {
            return World_Created_Codec.TOPIC;
        }
        if (event instanceof World.SomethingHappened) {
            return World_SomethingHappened_Codec.TOPIC;
        }
        throw new IllegalArgumentException("not an event of dev.recount.examples.world.World: "
                + event.getClass().getName());
    }

    @Override
    public void write(Object event, JsonGenerator json) throws IOException {
        if (event instanceof World.Created created) {
            World_Created_Codec.INSTANCE.write(created, json);
        } else if (event instanceof World.SomethingHappened somethingHappened) {
            World_SomethingHappened_Codec.INSTANCE.write(somethingHappened, json);
        } else {
            throw new IllegalArgumentException("not an event of dev.recount.examples.world.World: "
                    + event.getClass().getName());
        }
    }

    @Override
    public Object read(String topic, JsonParser json) throws IOException {
        switch (topic) {
            case World_Created_Codec.TOPIC:
                return World_Created_Codec.INSTANCE.read(json);
            case World_SomethingHappened_Codec.TOPIC:
                return World_SomethingHappened_Codec.INSTANCE.read(json);
            default:
                throw new UnknownTopicException("dev.recount.examples.world.World", topic);
        }
    }
}
