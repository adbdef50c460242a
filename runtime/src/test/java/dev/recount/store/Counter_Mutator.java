package dev.recount.store;

import dev.recount.internal.EventMapping;
import dev.recount.internal.Mutator;
import dev.recount.internal.SnapshotMapping;

/**
 * What the processor would generate for {@link Counter}. Public with a public constructor because
 * {@link java.util.ServiceLoader} instantiates it (registered in
 * {@code META-INF/services/dev.recount.internal.Mutator} of the test resources).
 */
public final class Counter_Mutator implements Mutator<Counter> {
  static final Counter_Mutator INSTANCE = new Counter_Mutator();

  /** For {@link java.util.ServiceLoader}. */
  public Counter_Mutator() {}

  @Override
  public Class<Counter> aggregateClass() {
    return Counter.class;
  }

  @Override
  public String topic() {
    return "dev.recount.store.Counter";
  }

  @Override
  public int snapshotInterval() {
    // 0: the store's SNAPSHOTTING_INTERVAL decides, which is what the tests vary.
    return 0;
  }

  @Override
  public Counter newInstance() {
    return new Counter();
  }

  @Override
  public void apply(Counter aggregate, Object event) {
    if (event instanceof Counter.Created created) {
      aggregate.on(created);
    } else if (event instanceof Counter.Added added) {
      aggregate.on(added);
    } else {
      throw new IllegalArgumentException(
          "Counter has no @Apply method for " + event.getClass().getName());
    }
  }

  @Override
  public EventMapping events() {
    return Counter_Events.INSTANCE;
  }

  @Override
  public SnapshotMapping<Counter> snapshots() {
    return Counter_Snapshot.INSTANCE;
  }
}
