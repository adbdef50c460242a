package dev.recount.examples.world;

import dev.recount.Application;
import dev.recount.internal.EventMapping;
import dev.recount.internal.Mutator;
import dev.recount.internal.RecountGenerated;
import dev.recount.internal.SnapshotMapping;
import javax.annotation.processing.Generated;

/**
 * Creates {@link World} aggregates and applies their events by calling
 * their {@code @Apply} methods.
 *
 * <p>Generated from {@link World}; do not edit. Registered as a service
 * provider, so that new aggregates find it without reflection.
 */
@Generated(
        value = "dev.recount.processor.RecountProcessor",
        comments = "from dev.recount.examples.world.World"
)
@RecountGenerated
public final class World_Mutator implements Mutator<World> {
    /**
     * The instance the generated repository uses; the mutator has no state.
     */
    public static final World_Mutator INSTANCE = new World_Mutator();

    /**
     * For {@link java.util.ServiceLoader}; other code uses {@link #INSTANCE}.
     */
    public World_Mutator() {
    }

    @Override
    public Class<World> aggregateClass() {
        return World.class;
    }

    @Override
    public String topic() {
        return "dev.recount.examples.world.World";
    }

    @Override
    public int snapshotInterval() {
        return 0;
    }

    @Override
    public World newInstance() {
        return new World();
    }

    @Override
    public void apply(World aggregate, Object event) {
        if (event instanceof World.Created created) {
            aggregate.on(created);
        } else if (event instanceof World.SomethingHappened somethingHappened) {
            aggregate.on(somethingHappened);
        } else {
            throw new IllegalArgumentException("World has no @Apply method for "
                    + event.getClass().getName());
        }
    }

    @Override
    public EventMapping events() {
        return World_Events.INSTANCE;
    }

    @Override
    public SnapshotMapping<World> snapshots() {
        return World_Snapshot.INSTANCE;
    }

    @Override
    public Class<WorldRepository> repositoryClass() {
        return WorldRepository.class;
    }

    @Override
    public WorldRepository newRepository(Application application) {
        return WorldRepository.of(application);
    }
}
