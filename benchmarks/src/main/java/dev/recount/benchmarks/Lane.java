package dev.recount.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One contender's state through a run (the accounts it created, its big accounts) and each workload
 * as one iteration that returns a {@link Sample}. Generic inside, so the harness can hold lanes of
 * different contenders in one list.
 *
 * @param <A> how the contender holds an account
 */
final class Lane<A> implements AutoCloseable {
  final String name;
  final Security security;
  private final Contender<A> contender;
  /** The same store with snapshots every {@link Sizes#snapshotInterval()} events; may be null. */
  private final Contender<A> snapshotting;

  private final Sizes sizes;
  private final List<A> created = new ArrayList<>();
  private UUID big;
  private UUID bigSnapshotted;
  private int loadCursor;
  private int depositCursor;

  Lane(Security security, Contender<A> contender, Contender<A> snapshotting, Sizes sizes) {
    this.name = contender.name();
    this.security = security;
    this.contender = contender;
    this.snapshotting = snapshotting;
    this.sizes = sizes;
  }

  Contender<A> contender() {
    return contender;
  }

  // ---- append ---------------------------------------------------------------------------------

  Sample appendNew() {
    int accounts = sizes.newAccounts();
    int events = sizes.eventsPerAccount();
    List<UUID> ids = new ArrayList<>(accounts);
    for (int i = 0; i < accounts; i++) {
      ids.add(UUID.randomUUID());
    }
    return Sample.of((long) accounts * events, () -> {
      for (UUID id : ids) {
        created.add(contender.create(id, events));
      }
    });
  }

  /** Creates a hundred accounts of {@code events} events if this lane has none (untimed). */
  void createIfNone(int events) {
    while (created.size() < 100) {
      created.add(contender.create(UUID.randomUUID(), events));
    }
  }

  /** One-event saves round-robin over the first hundred accounts, held in memory. */
  Sample appendOne() {
    int saves = sizes.oneEventSaves();
    int hot = Math.min(100, created.size());
    return Sample.of(saves, () -> {
      for (int i = 0; i < saves; i++) {
        contender.deposit(created.get(depositCursor++ % hot), 1);
      }
    });
  }

  // ---- load -----------------------------------------------------------------------------------

  /** Replays accounts created by {@link #appendNew} (never the hundred that took deposits). */
  Sample load() {
    int loads = sizes.loads();
    List<UUID> ids = new ArrayList<>(loads);
    for (int i = 0; i < loads; i++) {
      int index = 100 + loadCursor++ % (created.size() - 100);
      ids.add(contender.id(created.get(index)));
    }
    long[] balance = {0};
    Sample sample = Sample.of((long) loads * sizes.eventsPerAccount(), () -> {
      for (UUID id : ids) {
        balance[0] += contender.balance(contender.load(id));
      }
    });
    if (balance[0] <= 0) {
      throw new IllegalStateException(name + " replayed nothing");
    }
    return sample;
  }

  /** Stores the big account twice: without snapshots, and with them (when the lane has them). */
  void createBigAccounts() {
    big = createBig(contender);
    if (snapshotting != null) {
      bigSnapshotted = createBig(snapshotting);
    }
  }

  private UUID createBig(Contender<A> writer) {
    UUID id = UUID.randomUUID();
    int chunk = sizes.snapshotInterval();
    A account = writer.create(id, chunk);
    while (writer.version(account) < sizes.bigEvents()) {
      writer.deposit(account, (int) Math.min(chunk, sizes.bigEvents() - writer.version(account)));
    }
    return id;
  }

  boolean hasSnapshots() {
    return snapshotting != null;
  }

  Sample loadBig(boolean withSnapshots) {
    Contender<A> reader = withSnapshots ? snapshotting : contender;
    UUID id = withSnapshots ? bigSnapshotted : big;
    int loads = withSnapshots ? sizes.bigSnapshotLoads() : sizes.bigLoads();
    return Sample.of((long) loads * sizes.bigEvents(), () -> {
      for (int i = 0; i < loads; i++) {
        A account = reader.load(id);
        if (reader.version(account) != sizes.bigEvents()) {
          throw new IllegalStateException(name + " loaded version " + reader.version(account));
        }
      }
    });
  }

  /**
   * Holds {@code count} loaded accounts and measures the heap they keep alive (after full
   * collections), and the bytes one load allocates.
   *
   * @return {retained bytes per account, allocated bytes per load}
   */
  double[] memoryPerLoadedAccount(int count) {
    List<UUID> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(contender.id(created.get(100 + i % (created.size() - 100))));
    }
    // A first pass fills the database's and the driver's caches, which would otherwise grow
    // (or be trimmed) between the two heap readings and swamp a few hundred bytes per account.
    for (UUID id : ids) {
      contender.load(id);
    }
    List<A> held = new ArrayList<>(count);
    long before = usedHeapAfterGc();
    long allocated = Sample.allocatedByThisThread();
    for (UUID id : ids) {
      held.add(contender.load(id));
    }
    allocated = Sample.allocatedByThisThread() - allocated;
    long after = usedHeapAfterGc();
    if (held.size() != count) {
      throw new IllegalStateException();
    }
    return new double[] {(double) (after - before) / count, (double) allocated / count};
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(50); // let reference processing and background threads settle
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  // ---- notification log -----------------------------------------------------------------------

  /**
   * Makes sure the log holds {@link Sizes#logEvents} events, adding accounts if the appends (whose
   * warm-up ends on time, not on a count) wrote fewer; untimed.
   */
  void fillLog() {
    int wanted = sizes.logEvents();
    long stored = 0;
    Contender.LogReader reader = contender.logReader(true);
    for (int page; stored < wanted && (page = reader.next(timestamp -> {})) > 0; ) {
      stored += page;
    }
    int events = sizes.eventsPerAccount();
    for (; stored < wanted; stored += events) {
      contender.create(UUID.randomUUID(), events);
    }
  }

  Sample readLog() {
    int wanted = sizes.logEvents();
    long[] read = {0};
    Sample sample = Sample.of(wanted, () -> {
      Contender.LogReader reader = contender.logReader(true);
      while (read[0] < wanted) {
        int page = reader.next(timestamp -> {});
        if (page == 0) {
          throw new IllegalStateException(name + ": the log has only " + read[0] + " events");
        }
        read[0] += page;
      }
    });
    return new Sample(read[0], sample.nanos(), sample.allocatedBytes(), sample.cpuNanos());
  }

  // ---- load-change-save ----------------------------------------------------------------------

  /**
   * {@code commands} load-change-save cycles round-robin over fresh accounts of {@code events}
   * events each (created untimed, through the same contender: with a cache, they are in it), so
   * many that each account grows by a tenth of its events in the iteration.
   */
  Sample command(int events, int commands) {
    int accounts = Math.max(1, commands * 10 / events);
    List<UUID> ids = new ArrayList<>(accounts);
    for (int i = 0; i < accounts; i++) {
      UUID id = UUID.randomUUID();
      contender.create(id, events);
      ids.add(id);
    }
    Sample sample = Sample.of(commands, () -> {
      for (int i = 0; i < commands; i++) {
        contender.command(ids.get(i % accounts));
      }
    });
    long expected = events + commands / accounts + (commands % accounts > 0 ? 1 : 0);
    long version = contender.version(contender.load(ids.get(0)));
    if (version != expected) {
      throw new IllegalStateException(
          name + " left an account at version " + version + ", not " + expected);
    }
    return sample;
  }

  // ---- concurrent append ----------------------------------------------------------------------

  /** Accounts for each writer, made once. */
  private List<List<A>> writerAccounts;

  /**
   * {@link Sizes#writers()} threads doing one-event saves, each on accounts of its own; the sample
   * is wall-clock time, and the bytes all writers allocated.
   */
  Sample concurrentAppend() {
    int writers = sizes.writers();
    int saves = sizes.concurrentSaves();
    if (writerAccounts == null) {
      writerAccounts = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        List<A> accounts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          accounts.add(contender.create(UUID.randomUUID(), 1));
        }
        writerAccounts.add(accounts);
      }
    }
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(writers);
    AtomicLong allocated = new AtomicLong();
    AtomicLong cpu = new AtomicLong();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int w = 0; w < writers; w++) {
      List<A> accounts = writerAccounts.get(w);
      Thread thread = new Thread(
          () -> {
            try {
              start.await();
              long before = Sample.allocatedByThisThread();
              long cpuBefore = Sample.cpuOfThisThread();
              for (int i = 0; i < saves; i++) {
                contender.deposit(accounts.get(i % accounts.size()), 1);
              }
              allocated.addAndGet(Sample.allocatedByThisThread() - before);
              cpu.addAndGet(Sample.cpuOfThisThread() - cpuBefore);
            } catch (Throwable e) {
              failures.add(e);
            } finally {
              done.countDown();
            }
          },
          name + "-" + security.label + "-writer-" + w);
      thread.start();
    }
    long begin = System.nanoTime();
    start.countDown();
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    long nanos = System.nanoTime() - begin;
    if (!failures.isEmpty()) {
      throw new IllegalStateException(name + ": a writer failed", failures.get(0));
    }
    return new Sample((long) writers * saves, nanos, allocated.get(), cpu.get());
  }

  /**
   * Runs the concurrent writers while a follower tails the log from its current end, reading a page
   * whenever there is one (and sleeping a millisecond when there is none); then lets it catch up.
   * Lag is the time from an event's trigger to the follower having decoded it.
   */
  Follower.Result follow() {
    Follower follower = new Follower(contender.logReader(false));
    follower.start();
    Sample writing = concurrentAppend();
    return follower.finish(writing.events());
  }

  @Override
  public void close() {
    contender.close();
    if (snapshotting != null) {
      snapshotting.close();
    }
  }
}
