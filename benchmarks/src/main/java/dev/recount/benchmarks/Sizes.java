package dev.recount.benchmarks;

/**
 * How much work one timed iteration does, per database: sized so that a whole run stays under about
 * ten minutes on a two-core machine (PostgreSQL commits cost a disk flush, H2's do not), and so
 * that no iteration is much shorter than 100 ms, below which a shared machine's noise decided the
 * ratios of the cheapest workloads (one-event saves, concurrent appends).
 *
 * @param warmups untimed rounds before the timed ones, at least (more until each contender has run
 *     a second untimed)
 * @param rounds timed rounds; the table shows the median
 * @param newAccounts accounts of {@code eventsPerAccount} events created per iteration
 * @param eventsPerAccount events per created account (one save each)
 * @param oneEventSaves one-event saves onto existing accounts per iteration
 * @param loads accounts of {@code eventsPerAccount} events replayed per iteration
 * @param bigEvents events of the one big account
 * @param snapshotInterval a snapshot every this many events of the big account (when on)
 * @param bigLoads replays of the big account per iteration, without snapshots
 * @param bigSnapshotLoads replays of the big account per iteration, with snapshots
 * @param writers concurrent writer threads
 * @param concurrentSaves one-event saves per writer per iteration
 * @param logEvents notification-log events read per iteration
 * @param pageSize notifications per page
 * @param retainedAccounts accounts held in a list to measure the memory of a loaded one
 * @param commands load-change-save cycles per iteration, spread over fresh accounts so that each
 *     grows by a tenth of its events
 */
record Sizes(
    int warmups,
    int rounds,
    int newAccounts,
    int eventsPerAccount,
    int oneEventSaves,
    int loads,
    int bigEvents,
    int snapshotInterval,
    int bigLoads,
    int bigSnapshotLoads,
    int writers,
    int concurrentSaves,
    int logEvents,
    int pageSize,
    int retainedAccounts,
    int commands) {

  static final Sizes H2 = new Sizes(
      2, 7, 1_000, 10, 10_000, 5_000, 10_000, 100, 20, 2_000, 8, 1_500, 100_000, 1_000, 20_000,
      5_000);
  static final Sizes POSTGRES = new Sizes(
      2, 5, 300, 10, 400, 3_000, 10_000, 100, 20, 1_000, 8, 150, 100_000, 1_000, 20_000, 500);
  /** Not tuned on MariaDB yet: its commits flush to disk as PostgreSQL's do. */
  static final Sizes MARIADB = POSTGRES;

  /**
   * These sizes with {@code -Dbench.eventsPerAccount} and {@code -Dbench.pageSize} applied, to
   * compare with harnesses that load other accounts or read other pages.
   */
  Sizes overridden() {
    return new Sizes(
        warmups,
        rounds,
        newAccounts,
        Integer.getInteger("bench.eventsPerAccount", eventsPerAccount),
        oneEventSaves,
        loads,
        bigEvents,
        snapshotInterval,
        bigLoads,
        bigSnapshotLoads,
        writers,
        concurrentSaves,
        logEvents,
        Integer.getInteger("bench.pageSize", pageSize),
        retainedAccounts,
        commands);
  }

  String describe() {
    return "each figure is the median of " + rounds + " timed iterations after warm-up rounds"
        + " (below), contenders interleaved; per iteration: " + newAccounts + " new accounts x "
        + eventsPerAccount + " events (one save each); " + oneEventSaves
        + " one-event saves; " + loads + " loads of " + eventsPerAccount + "-event accounts; "
        + bigLoads + " (" + bigSnapshotLoads + " with snapshots every " + snapshotInterval
        + ") loads of one " + bigEvents + "-event account; " + writers + " writers x "
        + concurrentSaves + " one-event saves; " + logEvents + " log events in pages of "
        + pageSize + "; memory: " + retainedAccounts + " loaded accounts held; load-change-save: "
        + commands + " commands over accounts that each grow by a tenth"
        + (Contender.REFERENCE_PAD.isEmpty()
            ? ""
            : "; deposits of about " + Integer.getInteger("bench.payload") + " bytes of JSON");
  }
}
