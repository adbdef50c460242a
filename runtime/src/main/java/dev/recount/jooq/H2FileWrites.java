package dev.recount.jooq;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jooq.ConnectionProvider;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections Recount writes with on an embedded H2 file database: each is lent under the
 * file's lock, and given back after a {@code CHECKPOINT}, so that H2 writes its file only when none
 * of Recount's transactions on it is half-way (docs/DATABASES.md, "Durability").
 *
 * <p>Why: H2's MVStore writes a chunk by taking each map's root in turn while other threads go on
 * changing maps (h2database issue 2080), so a chunk can hold a transaction's rows without its undo
 * log, or an index without its table; a JVM killed before the next chunk leaves that to a recovery
 * that cannot tell, and about one kill in 60 broke a save's atomicity. With {@code WRITE_DELAY=0}
 * H2 2.3 has no background writer and writes a chunk at the end of each writing transaction, in the
 * thread that ends it ({@code TransactionStore.endTransaction}); under this lock no other of
 * Recount's transactions runs then, and the {@code CHECKPOINT} writes whatever is left (a
 * statement's analysis, a setting) before the next one starts. A chunk H2 writes mid-transaction
 * when one transaction's changes grow large comes from the thread holding the lock, so it too sees
 * every map at one moment, and recovery undoes that transaction whole.
 *
 * <p>One lock per database file, not per JVM: each file has a store of its own, and H2 shares it
 * between every connection of the JVM to that file, whichever URL or pool opened it.
 */
final class H2FileWrites implements ConnectionProvider {
  private static final Logger LOG = LoggerFactory.getLogger("dev.recount.jooq");
  private static final ConcurrentHashMap<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
  private static final Pattern WRITE_DELAY =
      Pattern.compile("(?i);\\s*WRITE_DELAY\\s*=\\s*([^;]*)");

  private final DataSource dataSource;
  private final ReentrantLock lock;
  private final String file;
  private volatile boolean checkpointFailed;

  private H2FileWrites(DataSource dataSource, String file) {
    this.dataSource = dataSource;
    this.file = file;
    this.lock = LOCKS.computeIfAbsent(file, key -> new ReentrantLock());
  }

  /**
   * The file an H2 URL opens in this JVM ({@code jdbc:h2:file:...} or a plain path), as the key of
   * its lock; {@code null} for in-memory databases, a server's ({@code tcp:}, {@code ssl:}, whose
   * file the server's JVM writes) and H2's other file systems ({@code zip:}, {@code memFS:}...).
   */
  static String embeddedFile(String url) {
    if (url == null || !url.regionMatches(true, 0, "jdbc:h2:", 0, "jdbc:h2:".length())) {
      return null;
    }
    String path = url.substring("jdbc:h2:".length());
    int options = path.indexOf(';');
    if (options >= 0) {
      path = path.substring(0, options);
    }
    if (path.regionMatches(true, 0, "file:", 0, "file:".length())) {
      path = path.substring("file:".length());
    } else if (path.matches("^[a-zA-Z]{2,}:.*")) {
      return null; // mem:, tcp:, ssl:, or a file system of H2's own
    }
    if (path.isEmpty() || url.toUpperCase(java.util.Locale.ROOT).contains("ACCESS_MODE_DATA=R")) {
      return null; // read only: nothing to write
    }
    if (path.startsWith("~")) {
      path = System.getProperty("user.home") + path.substring(1);
    }
    Path absolute = Path.of(path).toAbsolutePath().normalize();
    Path directory = absolute.getParent();
    if (directory != null && Files.isDirectory(directory)) {
      try {
        absolute = directory.toRealPath().resolve(absolute.getFileName());
      } catch (IOException e) {
        // Keep the absolute path: only another URL to the same file through a link would differ.
      }
    }
    return absolute.toString();
  }

  /**
   * The {@code WRITE_DELAY} an H2 URL sets, or {@code null} if it sets none. A URL that sets one
   * other than 0 chooses H2's background writer, and with it the risk this class removes.
   */
  static String writeDelay(String url) {
    Matcher matcher = WRITE_DELAY.matcher(url);
    String value = null;
    while (matcher.find()) {
      value = matcher.group(1).trim();
    }
    return value;
  }

  /** Whether a URL leaves the choice to Recount (no {@code WRITE_DELAY}, or 0). */
  static boolean storesAtCommit(String url) {
    String delay = writeDelay(url);
    return delay == null || delay.equals("0");
  }

  /**
   * For connections to an H2 file (Recount's pool or the user's data source): turns H2's background
   * writer off for the database ({@code SET WRITE_DELAY 0}: a setting of the database, not of the
   * connection, which H2 keeps in the file), unless the URL chose a delay. Returns the provider to
   * write with, or {@code null} where the URL chose a delay or the user may not change it (H2 wants
   * an administrator), which is logged.
   */
  static H2FileWrites over(DataSource dataSource, String url, String file) {
    if (!storesAtCommit(url)) {
      warnNotSafe(file, "its URL sets WRITE_DELAY=" + writeDelay(url));
      return null;
    }
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SET WRITE_DELAY 0");
      statement.execute("CHECKPOINT");
    } catch (SQLException e) {
      warnNotSafe(
          file,
          "the user may not SET WRITE_DELAY 0 and CHECKPOINT (H2 wants an" + " administrator): "
              + e.getMessage().lines().findFirst().orElse(""));
      return null;
    }
    return new H2FileWrites(dataSource, file);
  }

  private static void warnNotSafe(String file, String why) {
    LOG.warn(
        "the H2 database {} is not crash-safe: {}; a JVM killed while saving may leave a save in"
            + " part (see docs/DATABASES.md, \"Durability\")",
        file,
        why);
  }

  /**
   * Takes a connection, then the file's lock: a thread that holds the lock never waits for the
   * pool, so the lock's holder cannot wait on threads that wait for it (unless it nests writes).
   */
  @Override
  public Connection acquire() {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw new DataAccessException("Error getting connection from data source " + dataSource, e);
    }
    lock.lock();
    return connection;
  }

  @Override
  public void release(Connection connection) {
    try {
      checkpoint(connection);
      try {
        connection.close();
      } catch (SQLException e) {
        throw new DataAccessException("Error closing connection " + connection, e);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes what the last transaction left unwritten, still under the lock. A failure is not the
   * caller's (its transaction ended already, committed or not): it is logged once, and H2's own
   * store at the end of each writing transaction (with WRITE_DELAY=0) still stands.
   */
  private void checkpoint(Connection connection) {
    try {
      if (connection.isClosed() || !connection.getAutoCommit()) {
        return; // a broken connection (the pool drops it), or a transaction left to roll back
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("CHECKPOINT");
      }
    } catch (SQLException e) {
      if (!checkpointFailed) {
        checkpointFailed = true;
        LOG.warn("CHECKPOINT after a write to the H2 database {} failed: {}", file, e.toString());
      }
    }
  }

  String file() {
    return file;
  }

  @Override
  public String toString() {
    return "writes to " + file;
  }
}
