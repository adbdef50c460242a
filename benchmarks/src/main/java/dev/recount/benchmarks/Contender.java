package dev.recount.benchmarks;

import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * One way of storing and replaying the same accounts: the library, raw JDBC, or Axon's JDBC event
 * store. Every method does the whole of one unit of work (one save is one transaction).
 *
 * @param <A> how this contender holds an account in memory between commands
 */
interface Contender<A> extends AutoCloseable {
  /** The name printed in the table. */
  String name();

  /** Opens an account with {@code events} events (the opening and deposits) in one save. */
  A create(UUID id, int events);

  /** Saves {@code events} more deposits onto an account held in memory, in one save. */
  void deposit(A account, int events);

  /** Replays an account from the store. */
  A load(UUID id);

  /**
   * One command on a stored account: loads it, adds one deposit, saves it. Raw JDBC instead reads
   * the account's latest version (and hash) and inserts after it, replaying nothing.
   */
  default void command(UUID id) {
    deposit(load(id), 1);
  }

  /** The account's id. */
  UUID id(A account);

  /** The account's balance, to check that every contender replays to the same state. */
  long balance(A account);

  /** The account's version (number of events). */
  long version(A account);

  /** A reader of the notification log, from its first event or from its current end. */
  LogReader logReader(boolean fromStart);

  @Override
  void close();

  /** Reads the log in pages. */
  interface LogReader {
    /**
     * Reads the next page (decoding every event), passing each event's trigger time in microseconds
     * since the epoch to {@code timestamps}.
     *
     * @return how many events the page had; 0 at the end of the log
     */
    int next(LongConsumer timestamps);
  }

  /** Deterministic deposit amounts and references, the same for every contender. */
  static long amount(long version) {
    return 100 + version % 900;
  }

  static String reference(long version) {
    String reference = "ref-" + (100_000 + version);
    return REFERENCE_PAD.isEmpty() ? reference : reference + REFERENCE_PAD;
  }

  /**
   * With {@code -Dbench.payload=N}, references padded so that a deposit's JSON is about N bytes
   * (without, about 40), to compare with harnesses that store bigger events.
   */
  String REFERENCE_PAD = "x".repeat(Math.max(0, Integer.getInteger("bench.payload", 0) - 40));
}
