package dev.recount.internal;

import dev.recount.PersistenceError;
import dev.recount.store.EventStore;
import dev.recount.store.EventStore.Address;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prompts between processes through PostgreSQL's LISTEN and NOTIFY, on plain JDBC connections of
 * their own (not the pool's). After an application on PostgreSQL records events, a {@link Notifier}
 * sends a notification on the channel named after its events table ({@code <TABLE_PREFIX>events});
 * a follower's {@link Listener} on the same database prompts it. A notification that is lost (a
 * connection drops) is made up for by polling.
 *
 * <p>Only loaded when an application's {@code DB_URI} is a PostgreSQL URL, so the driver stays an
 * optional dependency. Used by the process runners and by projection runners.
 */
public final class PostgresPrompts {
  private static final Logger LOG = LoggerFactory.getLogger("dev.recount.process");

  /** The least time between two notices of one application. */
  static final long NOTICE_SPACING_MILLIS = 5;

  private PostgresPrompts() {}

  /**
   * What tells followers in other processes that an application on PostgreSQL committed events:
   * signalled after each commit, it sends one {@code NOTIFY} on the application's channel for
   * however many commits happened while it last sent, from a thread of its own, so that no save
   * waits for it. Its connection is let go after a second without commits (with a data source of
   * the user's, it is one of the pool's). {@code null} if the store is not on PostgreSQL.
   */
  public static Coalescer announcer(EventStore store) {
    Address address = store.address();
    if (!supports(address)) {
      return null;
    }
    Notifier notifier = new Notifier(channel(address), store::openDedicated);
    return new Coalescer(
        "recount-notify-" + channel(address),
        () -> {
          notifier.send();
          spaceOut();
        },
        notifier::close);
  }

  /**
   * Waits a little after each notice, so that a writer saving thousands of times a second sends at
   * most one notice per {@link #NOTICE_SPACING_MILLIS} (each is a statement and a transaction on
   * the server), at the price of that much more delay for the followers it prompts.
   */
  private static void spaceOut() {
    try {
      Thread.sleep(NOTICE_SPACING_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Opens a connection of the listener's or notifier's own. */
  public interface Connections {
    Connection open() throws SQLException;
  }

  /** Whether an application with these settings stores into PostgreSQL. */
  public static boolean supports(Address settings) {
    return settings.url() != null && settings.url().startsWith("jdbc:postgresql:");
  }

  /** The channel an application with these settings notifies on: its events table's name. */
  public static String channel(Address settings) {
    return settings.tablePrefix() + "events";
  }

  private static Connection connect(Address settings) throws SQLException {
    Properties properties = new Properties();
    if (settings.user() != null) {
      properties.setProperty("user", settings.user());
    }
    if (settings.password() != null) {
      properties.setProperty("password", settings.password());
    }
    Connection connection = DriverManager.getConnection(settings.url(), properties);
    connection.setAutoCommit(true);
    return connection;
  }

  /** Sends a notification on one application's channel. */
  public static final class Notifier implements AutoCloseable {
    private final String channel;
    private final Connections connections;
    private Connection connection;

    public Notifier(String channel, Connections connections) {
      this.channel = channel;
      this.connections = connections;
    }

    /** Notifies the listeners; a failure is thrown and the connection is made again next time. */
    public synchronized void send() {
      try {
        if (connection == null) {
          connection = connections.open();
          connection.setAutoCommit(true);
        }
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, '')")) {
          notify.setString(1, channel);
          notify.execute();
        }
      } catch (SQLException e) {
        close();
        throw new PersistenceError("could not notify channel " + channel, e);
      }
    }

    @Override
    public synchronized void close() {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException e) {
          // closing a broken connection: nothing to release
        }
        connection = null;
      }
    }
  }

  /**
   * Listens on one application's channel in a thread of its own, and runs an action for each batch
   * of notifications (and once after each connect, for what it may have missed).
   */
  public static final class Listener implements AutoCloseable {
    private final Address settings;
    private final String channel;
    private final Runnable onNotify;
    private final Thread thread;
    private volatile boolean running = true;

    public Listener(Address settings, Runnable onNotify, String threadName) {
      this.settings = settings;
      this.channel = channel(settings);
      this.onNotify = onNotify;
      this.thread = new Thread(this::run, threadName);
      this.thread.setDaemon(true);
      this.thread.start();
    }

    private void run() {
      boolean lost = false;
      while (running) {
        try (Connection connection = connect(settings)) {
          try (Statement listen = connection.createStatement()) {
            // The prefix is checked to be [a-z][a-z0-9_]*: safe inside quotes.
            listen.execute("LISTEN \"" + channel + "\"");
          }
          if (lost) {
            LOG.info(
                "{} listens on channel {} again; catching up on what it missed",
                thread.getName(),
                channel);
            lost = false;
          } else {
            LOG.debug("{} listens on channel {}", thread.getName(), channel);
          }
          onNotify.run();
          PGConnection postgres = connection.unwrap(PGConnection.class);
          while (running) {
            PGNotification[] notifications = postgres.getNotifications(250);
            if (notifications != null && notifications.length > 0) {
              onNotify.run();
            }
          }
        } catch (SQLException | RuntimeException e) {
          if (!running) {
            return; // closing: the failure is the connection being shut, not news
          }
          // Logged once per outage, not once a second while the database is away.
          if (!lost) {
            LOG.warn(
                "{} lost LISTEN on channel {} ({}); reconnecting every second, polling"
                    + " meanwhile",
                thread.getName(),
                channel,
                e.toString());
            lost = true;
          } else {
            LOG.debug(
                "{} could not LISTEN on channel {} yet: {}",
                thread.getName(),
                channel,
                e.toString());
          }
          pause();
        }
      }
    }

    private void pause() {
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        running = false;
      }
    }

    @Override
    public void close() {
      running = false;
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
