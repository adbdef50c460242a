package dev.recount.store;

import dev.recount.AggregateRoot;
import java.util.UUID;

/**
 * The store tests' aggregate: a running total. The runtime module has no annotation processor, so
 * its mutator, event mapping, codecs and snapshot mapping are written by hand in the shape the
 * processor generates ({@code processor/src/test/resources/golden/WorldGoldenTest}).
 */
final class Counter extends AggregateRoot {
  /** Snapshotted. */
  int total;

  /**
   * How many events this instance applied itself, not snapshotted: after a load it tells whether a
   * snapshot was used (fewer applies than the version) or every event was replayed.
   */
  transient int applied;

  record Created() {}

  record Added(int n) {}

  static Counter create() {
    return create(Counter::new, new Created());
  }

  static Counter create(UUID id) {
    return create(Counter::new, id, new Created());
  }

  void add(int n) {
    trigger(new Added(n));
  }

  void on(Created e) {
    applied++;
  }

  void on(Added e) {
    total += e.n();
    applied++;
  }
}
