package dev.recount.cli;

import dev.recount.ConfigurationError;
import dev.recount.PersistenceError;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recount projections}: where each projection is, from its positions table and the head of
 * the log in the same database; plain SQL, so no application class is needed.
 */
@Command(
    name = "projections",
    mixinStandardHelpOptions = true,
    description = {
      "Shows where each projection is.",
      "",
      "Reads <prefix>projections (each projection's generation, segment, position, last error) and"
          + " the head of the log, <prefix>events, in the same database; lag in events is the head"
          + " less the position, lag in time the age of the first event after the position.",
      "--prefix names the prefix of both tables (default: recount_)."
    },
    exitCodeListHeading = "%nExit codes:%n")
final class ProjectionsCommand implements Callable<Integer> {
  private final Map<String, String> environment;

  @Spec
  CommandSpec spec;

  @Mixin
  DatabaseOptions database;

  @Option(names = "--json", description = "print the positions as JSON on stdout")
  boolean asJson;

  ProjectionsCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  /** One row of the positions table, with the log's head and the lag. */
  private record Shown(
      String projection,
      int generation,
      int segment,
      int segments,
      String state,
      long position,
      long head,
      long lagEvents,
      Duration lagTime,
      Instant updatedAt,
      String lastError,
      Instant lastErrorAt) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String where = null;
    try (Database db = database.connect(environment)) {
      where = db.display();
      String prefix = database.prefix == null ? "recount_" : database.prefix;
      String positions = prefix + "projections";
      if (!db.hasTable(positions) && !db.hasTable(positions.toUpperCase(java.util.Locale.ROOT))) {
        throw new Failure(
            ExitCodes.NOTHING_FOUND, "no projections table " + positions + " at " + where);
      }
      String events = prefix + "events";
      boolean log = db.hasTable(events);
      List<Shown> shown = read(db.connection(), positions, log ? events : null);
      if (asJson) {
        printJson(out, where, shown);
      } else {
        printText(out, shown, log ? null : "no log " + events + " here: head and lag unknown");
      }
      return ExitCodes.OK;
    } catch (Failure e) {
      return fail(out, err, where, e.exitCode, e.getMessage());
    } catch (ConfigurationError | PersistenceError e) {
      return fail(out, err, where, ExitCodes.CONFIGURATION, e.getMessage());
    } catch (SQLException e) {
      return fail(out, err, where, ExitCodes.CONFIGURATION, "could not read: " + e.getMessage());
    }
  }

  private static List<Shown> read(Connection connection, String positions, String events)
      throws SQLException {
    long head = -1;
    String quoted = events == null ? null : TablePrefixes.quote(connection, events);
    if (events != null) {
      try (PreparedStatement select = connection.prepareStatement(
              "SELECT MAX(" + column(connection, "notification_id") + ") FROM " + quoted);
          ResultSet row = select.executeQuery()) {
        head = row.next() ? row.getLong(1) : 0;
      }
    }
    List<Shown> shown = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement("SELECT projection, generation,"
            + " segment, segments, state, log_position, updated_at, last_error, last_error_at"
            + " FROM " + positions + " ORDER BY projection, generation, segment");
        ResultSet row = select.executeQuery()) {
      while (row.next()) {
        long position = row.getLong(6);
        String lastError = row.getString(8);
        Duration lagTime =
            events == null || position >= head ? Duration.ZERO : age(connection, quoted, position);
        shown.add(new Shown(
            row.getString(1),
            row.getInt(2),
            row.getInt(3),
            row.getInt(4),
            row.getString(5),
            position,
            head,
            head < 0 ? -1 : Math.max(0, head - position),
            lagTime,
            Instant.ofEpochMilli(row.getLong(7)),
            lastError,
            lastError == null ? null : Instant.ofEpochMilli(row.getLong(9))));
      }
    }
    return shown;
  }

  /** How long ago the first event after {@code position} was stored. */
  private static Duration age(Connection connection, String events, long position)
      throws SQLException {
    String id = column(connection, "notification_id");
    try (PreparedStatement select = connection.prepareStatement("SELECT "
        + column(connection, "timestamp_us") + " FROM " + events + " WHERE " + id + " = (SELECT"
        + " MIN(" + id + ") FROM " + events + " WHERE " + id + " > ?)")) {
      select.setLong(1, position);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Duration.ZERO;
        }
        long micros = row.getLong(1);
        Duration age = Duration.between(Instant.EPOCH.plusNanos(micros * 1000), Instant.now());
        return age.isNegative() ? Duration.ZERO : age;
      }
    }
  }

  private static String column(Connection connection, String name) throws SQLException {
    return TablePrefixes.quote(connection, name);
  }

  private int fail(PrintWriter out, PrintWriter err, String where, int exitCode, String message) {
    if (asJson) {
      Json.printError(out, where, exitCode, message);
    }
    err.println("error: " + message);
    err.flush();
    return exitCode;
  }

  private static void printText(PrintWriter out, List<Shown> shown, String note) {
    if (shown.isEmpty()) {
      out.println("no projections");
    }
    for (Shown row : shown) {
      out.println(row.projection() + " generation " + row.generation() + " (" + row.state()
          + ") segment " + row.segment() + " of " + row.segments());
      out.println("  position   " + row.position());
      if (row.head() >= 0) {
        out.println("  head       " + row.head());
        out.println(
            "  lag        " + row.lagEvents() + " events, " + row.lagTime().toMillis() + " ms");
      }
      out.println("  updated    " + row.updatedAt());
      out.println("  last error "
          + (row.lastError() == null ? "none" : row.lastErrorAt() + " " + row.lastError()));
    }
    if (note != null) {
      out.println(note);
    }
    out.flush();
  }

  private static void printJson(PrintWriter out, String where, List<Shown> shown) {
    Json.print(out, json -> {
      json.writeStartObject();
      json.writeStringField("database", where);
      json.writeArrayFieldStart("projections");
      for (Shown row : shown) {
        json.writeStartObject();
        json.writeStringField("projection", row.projection());
        json.writeNumberField("generation", row.generation());
        json.writeStringField("state", row.state());
        json.writeNumberField("segment", row.segment());
        json.writeNumberField("segments", row.segments());
        json.writeNumberField("position", row.position());
        if (row.head() >= 0) {
          json.writeNumberField("head", row.head());
          json.writeNumberField("lagEvents", row.lagEvents());
          json.writeNumberField("lagMillis", row.lagTime().toMillis());
        }
        json.writeStringField("updatedAt", row.updatedAt().toString());
        if (row.lastError() != null) {
          json.writeStringField("lastError", row.lastError());
          json.writeStringField("lastErrorAt", row.lastErrorAt().toString());
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }
}
