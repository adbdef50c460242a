package dev.recount.examples.scaling;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Saves an aggregate every few milliseconds in a thread of its own until stopped, as the users of a
 * leased worker's upstream would: the instances under test work while it writes.
 */
final class Writer {
  /** The ids of the aggregates saved so far. */
  final Set<UUID> written = ConcurrentHashMap.newKeySet();

  private final Supplier<UUID> saveOne;
  private final long pauseMillis;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  /** @param saveOne saves one new aggregate and returns its id */
  Writer(Supplier<UUID> saveOne) {
    this(saveOne, 5);
  }

  /**
   * @param saveOne saves one new aggregate and returns its id
   * @param pauseMillis how long it waits after each save
   */
  Writer(Supplier<UUID> saveOne, long pauseMillis) {
    this.saveOne = saveOne;
    this.pauseMillis = pauseMillis;
    this.thread = new Thread(this::write, "writer");
  }

  void start() {
    thread.start();
  }

  void stop() throws InterruptedException {
    running.set(false);
    thread.join();
  }

  private void write() {
    while (running.get()) {
      written.add(saveOne.get());
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
