package dev.recount.examples.databases;

import dev.recount.testing.DatabaseServer;

/** Saves in the caller's transaction, on H2. */
class H2CallerTransactionTest extends CallerTransactionContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.h2();
  }

  @Override
  boolean savesAtRepeatableRead() {
    return false;
  }

  @Override
  boolean otherSavesGoOn() {
    return false;
  }
}
