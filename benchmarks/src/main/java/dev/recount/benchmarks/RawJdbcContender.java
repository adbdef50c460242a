package dev.recount.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.recount.Application;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The same work as the library, by hand: the library's own tables (made by an {@link Application}
 * with this contender's table prefix), the same rows ({@link RawCodec}), a HikariCP pool like the
 * library's, plain {@link PreparedStatement}s, one transaction per save.
 *
 * <p>Ordered (the default): a save takes the lock row (an {@code UPDATE} of it), reads
 * {@code MAX(notification_id)} and batch-inserts its rows numbered after it, exactly the statements
 * of the library's recorder today. Unordered: a save batch-inserts its rows with ids from a
 * database sequence and takes no lock, so writers never wait for each other, and a follower may
 * skip an event that commits after a larger id: the limit concurrent appends can approach, not a
 * correct notification log.
 */
final class RawJdbcContender implements Contender<AccountState> {
  private static final String COLUMNS = "\"notification_id\", \"originator_id\", "
      + "\"originator_version\", \"topic\", \"timestamp_us\", \"state\", \"previous_hash\", \"hash\"";

  private final String name;
  private final HikariDataSource pool;
  private final RawCodec codec;
  private final boolean ordered;
  private final boolean postgres;
  private final int snapshotInterval;
  private final int pageSize;
  private final String lockSql;
  private final String reserveSql;
  private final String maxSql;
  private final String insertSql;
  private final String insertSnapshotSql;
  private final String eventsSql;
  private final String snapshotSql;
  private final String lastSql;
  private final String logSql;

  RawJdbcContender(
      String name,
      Target target,
      String prefix,
      Security security,
      boolean ordered,
      int snapshotInterval,
      int poolSize) {
    this.name = name;
    this.codec = new RawCodec(security);
    this.ordered = ordered;
    this.postgres = !target.isH2();
    this.snapshotInterval = snapshotInterval;
    this.pageSize = target.sizes().pageSize();
    // The library's DDL, nothing else: build an application with this prefix once.
    RecountContender.application(target, prefix, security, 0, 1).close();
    this.pool = pool(target, poolSize);
    String events = "\"" + prefix + "events\"";
    String sequence = prefix + "ids";
    this.lockSql = "UPDATE \"" + prefix + "lock\" SET \"id\" = 1 WHERE \"id\" = 1";
    this.reserveSql = "SELECT \"" + prefix + "reserve_ids\"(?)";
    this.maxSql = "SELECT MAX(\"notification_id\") FROM " + events;
    this.insertSql = "INSERT INTO " + events + " (" + COLUMNS + ") VALUES ("
        + (ordered ? "?" : String.format(target.nextIdSql(), sequence)) + ", ?, ?, ?, ?, ?, ?, ?)";
    this.insertSnapshotSql = "INSERT INTO \"" + prefix + "snapshots\" (\"originator_id\", "
        + "\"originator_version\", \"topic\", \"timestamp_us\", \"fingerprint\", \"state\", "
        + "\"head\", \"hash\") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    this.eventsSql = "SELECT \"originator_version\", \"topic\", \"timestamp_us\", \"state\", "
        + "\"previous_hash\", \"hash\" FROM " + events + " WHERE \"originator_id\" = ? AND "
        + "\"originator_version\" > ? ORDER BY \"originator_version\"";
    this.snapshotSql = "SELECT \"originator_version\", \"timestamp_us\", \"state\", \"head\", "
        + "\"hash\" FROM \"" + prefix + "snapshots\" WHERE \"originator_id\" = ? "
        + "ORDER BY \"originator_version\" DESC LIMIT 1";
    this.lastSql = "SELECT \"originator_version\", \"timestamp_us\", \"hash\" FROM " + events
        + " WHERE \"originator_id\" = ? ORDER BY \"originator_version\" DESC LIMIT 1";
    this.logSql = "SELECT " + COLUMNS + " FROM " + events + " WHERE \"notification_id\" >= ? "
        + "ORDER BY \"notification_id\" LIMIT ?";
    if (!ordered) {
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE SEQUENCE IF NOT EXISTS \"" + sequence + "\"");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static HikariDataSource pool(Target target, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(target.url());
    config.setUsername(target.user());
    config.setPassword(target.password());
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(1);
    config.setAutoCommit(true);
    return new HikariDataSource(config);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public AccountState create(UUID id, int events) {
    AccountState account = new AccountState(id);
    List<Object> pending = new ArrayList<>(events);
    pending.add(new Account.Opened("owner-" + id.toString().substring(0, 8)));
    for (int i = 1; i < events; i++) {
      pending.add(new Account.Deposited(Contender.amount(i), Contender.reference(i)));
    }
    save(account, pending);
    return account;
  }

  @Override
  public void deposit(AccountState account, int events) {
    List<Object> pending = new ArrayList<>(events);
    for (int i = 0; i < events; i++) {
      long version = account.version + i;
      pending.add(new Account.Deposited(Contender.amount(version), Contender.reference(version)));
    }
    save(account, pending);
  }

  /** One row as it will be inserted. */
  private record Row(
      long version, String topic, long timestamp, byte[] state, byte[] previous, byte[] hash) {}

  private void save(AccountState account, List<Object> pending) {
    List<Row> rows = new ArrayList<>(pending.size());
    byte[] head = account.head;
    long version = account.version;
    long before = version;
    long timestamp = account.modifiedOnMicros;
    for (Object event : pending) {
      version++;
      timestamp = Math.max(timestamp + 1, micros(Instant.now()));
      String topic = RawCodec.topic(event);
      byte[] state = codec.encodeEvent(account.id, version, RawCodec.json(event));
      byte[] hash = codec.hashChain()
          ? codec.eventHash(head, account.id, version, topic, timestamp, state)
          : null;
      rows.add(new Row(version, topic, timestamp, state, codec.hashChain() ? head : null, hash));
      head = hash;
    }
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try {
        insert(connection, account.id, rows);
        account.head = head;
        long createdOn =
            account.createdOnMicros == 0 ? rows.get(0).timestamp : account.createdOnMicros;
        for (Object event : pending) {
          account.apply(event);
        }
        account.createdOnMicros = createdOn;
        account.modifiedOnMicros = timestamp;
        if (snapshotInterval > 0 && before / snapshotInterval < version / snapshotInterval) {
          insertSnapshot(connection, account);
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("raw save failed", e);
    }
  }

  private void insert(Connection connection, UUID id, List<Row> rows) throws SQLException {
    long next = 0;
    if (ordered && postgres) {
      // PostgreSQL: the library's own id reservation (a block of ids and the transaction id,
      // taken together under a short advisory lock), as its first statement.
      try (PreparedStatement reserve = connection.prepareStatement(reserveSql)) {
        reserve.setInt(1, rows.size());
        try (ResultSet result = reserve.executeQuery()) {
          result.next();
          next = result.getLong(1);
        }
      }
    } else if (ordered) {
      try (PreparedStatement lock = connection.prepareStatement(lockSql)) {
        lock.executeUpdate();
      }
      try (PreparedStatement max = connection.prepareStatement(maxSql);
          ResultSet result = max.executeQuery()) {
        result.next();
        next = result.getLong(1) + 1;
      }
    }
    try (PreparedStatement insert = connection.prepareStatement(insertSql)) {
      for (Row row : rows) {
        int i = 1;
        if (ordered) {
          insert.setLong(i++, next++);
        }
        insert.setObject(i++, id);
        insert.setLong(i++, row.version);
        insert.setString(i++, row.topic);
        insert.setLong(i++, row.timestamp);
        insert.setBytes(i++, row.state);
        insert.setBytes(i++, row.previous);
        insert.setBytes(i, row.hash);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private void insertSnapshot(Connection connection, AccountState account) throws SQLException {
    long timestamp = micros(Instant.now());
    byte[] state =
        codec.encodeSnapshot(account.id, account.version, RawCodec.snapshotJson(account));
    try (PreparedStatement insert = connection.prepareStatement(insertSnapshotSql)) {
      insert.setObject(1, account.id);
      insert.setLong(2, account.version);
      insert.setString(3, RawCodec.ACCOUNT);
      insert.setLong(4, timestamp);
      insert.setString(5, Account_Snapshot.FINGERPRINT);
      insert.setBytes(6, state);
      insert.setBytes(7, codec.hashChain() ? account.head : null);
      insert.setBytes(
          8,
          codec.hashChain()
              ? codec.snapshotHash(
                  account.head,
                  account.id,
                  account.version,
                  RawCodec.ACCOUNT,
                  timestamp,
                  state,
                  Account_Snapshot.FINGERPRINT)
              : null);
      insert.executeUpdate();
    }
  }

  /**
   * The least a command can do against this store: read the account's latest version, timestamp and
   * hash (one select), then insert the new event after it (the save below), replaying nothing. What
   * it knows of the account's state is only what the insert needs.
   */
  @Override
  public void command(UUID id) {
    AccountState account = new AccountState(id);
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement(lastSql)) {
      select.setObject(1, id);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException("no account " + id);
        }
        account.version = row.getLong(1);
        account.createdOnMicros = row.getLong(2); // not 0: the save keeps it
        account.modifiedOnMicros = row.getLong(2);
        account.head = row.getBytes(3);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("raw read of the latest version failed", e);
    }
    deposit(account, 1);
  }

  @Override
  public AccountState load(UUID id) {
    AccountState account = new AccountState(id);
    try (Connection connection = pool.getConnection()) {
      if (snapshotInterval > 0) {
        restoreSnapshot(connection, account);
      }
      try (PreparedStatement select = connection.prepareStatement(eventsSql)) {
        select.setObject(1, id);
        select.setLong(2, account.version);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            long version = rows.getLong(1);
            String topic = rows.getString(2);
            long timestamp = rows.getLong(3);
            byte[] state = rows.getBytes(4);
            if (version != account.version + 1) {
              throw new IllegalStateException(id + " misses version " + (account.version + 1));
            }
            byte[] hash = rows.getBytes(6);
            if (codec.hashChain()) {
              codec.checkEvent(
                  account.head, rows.getBytes(5), hash, id, version, topic, timestamp, state);
            }
            account.apply(RawCodec.event(topic, codec.decodeEvent(id, version, state)));
            account.head = hash;
            if (account.createdOnMicros == 0) {
              account.createdOnMicros = timestamp;
            }
            account.modifiedOnMicros = timestamp;
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("raw load failed", e);
    }
    return account;
  }

  private void restoreSnapshot(Connection connection, AccountState account) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(snapshotSql)) {
      select.setObject(1, account.id);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return;
        }
        long version = row.getLong(1);
        byte[] state = row.getBytes(3);
        byte[] head = row.getBytes(4);
        if (codec.hashChain()
            && !java.util.Arrays.equals(
                row.getBytes(5),
                codec.snapshotHash(
                    head,
                    account.id,
                    version,
                    RawCodec.ACCOUNT,
                    row.getLong(2),
                    state,
                    Account_Snapshot.FINGERPRINT))) {
          throw new IllegalStateException("snapshot of " + account.id + " fails its hash");
        }
        RawCodec.restore(account, codec.decodeSnapshot(account.id, version, state));
        account.version = version;
        account.head = head;
      }
    }
  }

  @Override
  public UUID id(AccountState account) {
    return account.id;
  }

  @Override
  public long balance(AccountState account) {
    return account.balance;
  }

  @Override
  public long version(AccountState account) {
    return account.version;
  }

  @Override
  public LogReader logReader(boolean fromStart) {
    long[] next = {fromStart ? 1 : maxId() + 1};
    return timestamps -> {
      int count = 0;
      try (Connection connection = pool.getConnection();
          PreparedStatement select = connection.prepareStatement(logSql)) {
        select.setLong(1, next[0]);
        select.setInt(2, pageSize);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            long notificationId = rows.getLong(1);
            UUID id = rows.getObject(2, UUID.class);
            long version = rows.getLong(3);
            String topic = rows.getString(4);
            long timestamp = rows.getLong(5);
            byte[] state = rows.getBytes(6);
            if (codec.hashChain()) {
              byte[] previous = rows.getBytes(7);
              codec.checkEvent(
                  previous, previous, rows.getBytes(8), id, version, topic, timestamp, state);
            }
            RawCodec.event(topic, codec.decodeEvent(id, version, state));
            timestamps.accept(timestamp);
            next[0] = notificationId + 1;
            count++;
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException("raw log read failed", e);
      }
      return count;
    };
  }

  private long maxId() {
    try (Connection connection = pool.getConnection();
        PreparedStatement max = connection.prepareStatement(maxSql);
        ResultSet result = max.executeQuery()) {
      result.next();
      return result.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  @Override
  public void close() {
    pool.close();
  }
}
