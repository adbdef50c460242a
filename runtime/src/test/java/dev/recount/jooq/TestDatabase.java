package dev.recount.jooq;

import dev.recount.internal.Recorder;
import dev.recount.testing.DatabaseServer;
import dev.recount.testing.H2TcpServer;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A {@link DatabaseServer} with the runtime's {@link Dialect} for it, and the fields the recorder
 * tests open recorders with. Where the servers are, and what happens when one cannot be reached, is
 * {@link DatabaseServer}'s.
 */
final class TestDatabase {
  final Dialect dialect;
  final DatabaseServer server;
  final String url;
  final String user;
  final String password;

  private TestDatabase(Dialect dialect, DatabaseServer server) {
    this.dialect = dialect;
    this.server = server;
    this.url = server.url();
    this.user = server.user();
    this.password = server.password();
  }

  /** A fresh in-memory H2 database, kept until {@link #drop} shuts it down. */
  static TestDatabase h2() {
    return new TestDatabase(Dialect.H2, DatabaseServer.h2());
  }

  /** A fresh in-memory H2 database served by {@code server}, for tests with several JVMs. */
  static TestDatabase h2(H2TcpServer server) {
    return new TestDatabase(Dialect.H2, DatabaseServer.h2(server));
  }

  static TestDatabase postgres() {
    return new TestDatabase(Dialect.POSTGRES, DatabaseServer.postgres());
  }

  static TestDatabase mariadb() {
    return new TestDatabase(Dialect.MARIADB, DatabaseServer.mariadb());
  }

  /** See {@link DatabaseServer#withApplicationName}. */
  TestDatabase withApplicationName(String name) {
    return new TestDatabase(dialect, server.withApplicationName(name));
  }

  /** See {@link DatabaseServer#withDatabase}. */
  TestDatabase withDatabase(String database) {
    return new TestDatabase(dialect, server.withDatabase(database));
  }

  /** See {@link DatabaseServer#requireReachable}. */
  TestDatabase requireReachable() {
    server.requireReachable();
    return this;
  }

  Connection connect() throws SQLException {
    return server.connect();
  }

  /** A table prefix no other test uses, {@code rt_<purpose>_<random>_}. */
  static String newPrefix(String purpose) {
    return DatabaseServer.newPrefix("rt_" + purpose);
  }

  /** Drops every table, sequence and function whose name starts with {@code prefix}. */
  void drop(String prefix) {
    server.drop(prefix);
  }

  /** Runs statements on a connection of its own, outside any recorder. */
  void execute(String... statements) {
    server.execute(statements);
  }

  long queryLong(String sql) {
    return server.queryLong(sql);
  }

  /**
   * Waits until a reader of {@code recorder} sees notification {@code id}. In PostgreSQL a row is
   * shown only once every older transaction on the server has ended, and the test servers are
   * shared: another program's long transaction can delay it (never reorder it).
   *
   * @return {@code id}
   */
  static long awaitVisible(Recorder recorder, long id) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (recorder.maxNotificationId() < id) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("notification " + id + " did not become visible within 30 s:"
            + " a transaction older than it is still running on the server");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return id;
  }

  /** The quoted name of a table for this dialect's plain SQL. */
  String table(String name) {
    return server.quote(name);
  }

  @Override
  public String toString() {
    return dialect + " at " + url;
  }
}
