package dev.recount.benchmarks;

/** The rows of the table. */
enum Workload {
  APPEND_NEW("append: new accounts of 10 events, one save each"),
  APPEND_ONE("append: one-event save onto an existing account"),
  LOAD("load: replay accounts of 10 events"),
  LOAD_BIG("load: one account of 10,000 events, no snapshots"),
  LOAD_BIG_SNAPSHOTS("load: one account of 10,000 events, snapshot every 100"),
  LOG_READ("notification log: read every event in order, in pages"),
  CONCURRENT("concurrent append: 8 writers, one-event saves (raw: unordered)"),
  CONCURRENT_LOCKED("concurrent append: 8 writers (raw: the same lock row)"),
  COMMAND_10("load-change-save: one deposit onto accounts of 10 events", 10),
  COMMAND_100("load-change-save: one deposit onto accounts of 100 events", 100),
  COMMAND_1000("load-change-save: one deposit onto accounts of 1,000 events", 1000);

  final String title;
  /** Load-change-save: the events of each account when the iteration starts; else 0. */
  final int accountEvents;

  Workload(String title) {
    this(title, 0);
  }

  Workload(String title, int accountEvents) {
    this.title = title;
    this.accountEvents = accountEvents;
  }

  boolean isCommand() {
    return accountEvents > 0;
  }
}
