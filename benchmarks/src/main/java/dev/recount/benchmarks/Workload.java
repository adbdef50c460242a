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
  CONCURRENT_LOCKED("concurrent append: 8 writers (raw: the same lock row)");

  final String title;

  Workload(String title) {
    this.title = title;
  }
}
