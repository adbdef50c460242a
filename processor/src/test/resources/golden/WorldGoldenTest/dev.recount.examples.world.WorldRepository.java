package dev.recount.examples.world;

import dev.recount.Application;
import dev.recount.Repository;
import dev.recount.internal.RecountGenerated;
import javax.annotation.processing.Generated;

/**
 * Loads and saves {@link World} aggregates: {@code get}, {@code get} at a
 * version, {@code find}, {@code contains}, {@code save} and {@code events}.
 *
 * <p>Generated from {@link World}; do not edit. Obtain one with
 * {@link #of(Application)}.
 */
@Generated(
        value = "dev.recount.processor.RecountProcessor",
        comments = "from dev.recount.examples.world.World"
)
@RecountGenerated
public final class WorldRepository extends Repository<World> {
    private WorldRepository(Application application) {
        super(application, World_Mutator.INSTANCE);
    }

    /**
     * Returns a repository of the {@code World} aggregates stored by
     * {@code application}.
     */
    public static WorldRepository of(Application application) {
        return new WorldRepository(application);
    }
}
