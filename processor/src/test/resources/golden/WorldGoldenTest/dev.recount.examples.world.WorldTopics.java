package dev.recount.examples.world;

import dev.recount.AggregateRoot;
import dev.recount.internal.RecountGenerated;
import java.util.Set;
import javax.annotation.processing.Generated;

/**
 * The topics the events of {@link World} are stored under: to select them
 * from a notification log, to pipe only some of them to a follower, or to
 * switch on {@code Notification.topic()}.
 *
 * <p>Generated from {@link World}; do not edit.
 */
@Generated(
        value = "dev.recount.processor.RecountProcessor",
        comments = "from dev.recount.examples.world.World"
)
@RecountGenerated
public final class WorldTopics {
    /**
     * The topic of {@link World.Created} events: {@value}.
     */
    public static final String CREATED = World_Created_Codec.TOPIC;

    /**
     * The topic of {@link World.SomethingHappened} events: {@value}.
     */
    public static final String SOMETHING_HAPPENED = World_SomethingHappened_Codec.TOPIC;

    /**
     * Every topic the events of {@code World} are stored under, aliases included;
     * not {@link AggregateRoot.Discarded#TOPIC}, which all aggregates' discards share.
     */
    public static final Set<String> ALL = Set.of(CREATED, SOMETHING_HAPPENED);

    private WorldTopics() {
    }
}
