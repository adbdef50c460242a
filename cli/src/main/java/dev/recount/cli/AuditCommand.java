package dev.recount.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.recount.Checkpoint;
import dev.recount.ConfigurationError;
import dev.recount.DataIntegrityError;
import dev.recount.LogIntegrityError;
import dev.recount.PersistenceError;
import dev.recount.store.EventStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recount audit}: checks every record of every store in a database. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Checks every record's hash and chain, without the cipher key or the application's"
          + " classes.",
      "",
      "Finds every Recount store in the database (or the one --prefix names) and checks, with"
          + " neither the cipher key nor the application's classes, that each event's hash matches"
          + " the record and chains"
          + " onto the event before, each aggregate's versions run 1, 2, 3... without a gap, and"
          + " each snapshot's hash matches and its head is the hash of the event at its version.",
      "It reads only (SELECT on the events and snapshots tables), goes on past a problem, and"
          + " reports each corrupt aggregate's first problem by id and version.",
      "With --public-key, the verifying key of the application's SIGNING_KEY, it also checks the"
          + " notification log against its signed checkpoints, which proves every event up to the"
          + " newest one present, unchanged and at its notification id, even against someone who"
          + " can write to the database and recompute hashes; the report says how far they reach.",
      "It cannot tell whether records decrypt or decode (that needs the key and the classes:"
          + " Application.audit()), nor, without checkpoints, catch a whole history rewritten with"
          + " recomputed hashes (that needs a trusted head or a signed checkpoint)."
    },
    exitCodeListHeading = "%nExit codes:%n")
final class AuditCommand implements Callable<Integer> {
  private final Map<String, String> environment;

  @Spec
  CommandSpec spec;

  @Mixin
  DatabaseOptions database;

  @Option(
      names = "--json",
      description = "print the report as JSON on stdout (progress and nothing else on stderr)")
  boolean asJson;

  @Option(
      names = "--progress-seconds",
      paramLabel = "<seconds>",
      defaultValue = "2",
      description = "least time between two progress lines on stderr (default: ${DEFAULT-VALUE});"
          + " 0 prints one after every aggregate")
  double progressSeconds;

  @Option(
      names = {"-q", "--quiet"},
      description = "print no progress")
  boolean quiet;

  @Option(
      names = "--max-problems",
      paramLabel = "<n>",
      defaultValue = "20",
      description = "problems listed per store in the text report (default: ${DEFAULT-VALUE});"
          + " --json lists every one")
  int maxProblems;

  @Option(
      names = {"-k", "--public-key"},
      paramLabel = "<base64>",
      description = "verify the stores' signed checkpoints with this Ed25519 verifying key (the"
          + " public half of the SIGNING_KEY pair; recount keygen --signing makes one)")
  String publicKey;

  @Option(
      names = "--checkpoint",
      paramLabel = "<line>",
      description = "a checkpoint line exported earlier and kept outside the database"
          + " (Checkpoint.line()); the stored checkpoints of its store must reach it and agree with"
          + " it. Repeat for several stores; needs --public-key")
  List<String> checkpointLines = new ArrayList<>();

  AuditCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  /** The audit of one store. */
  private record Result(String prefix, EventStore.RecordAudit audit, Checkpoints checkpoints) {
    boolean intact() {
      return audit.problems().isEmpty() && (checkpoints == null || checkpoints.problem() == null);
    }
  }

  /**
   * What the signed checkpoints of one store proved.
   *
   * @param reach how far they reach; {@code null} if the store has no checkpoints table or they
   *     failed
   * @param problem where the log and the checkpoints part; {@code null} if they agree
   */
  private record Checkpoints(EventStore.CheckpointReach reach, LogIntegrityError problem) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String where = null;
    try (Database db = database.connect(environment)) {
      where = db.display();
      checkPublicKey();
      Map<String, Checkpoint> exported = exportedCheckpoints();
      TablePrefixes.Found found = db.scan();
      List<String> prefixes = found.prefixes();
      List<TablePrefixes.Skipped> skipped = found.skipped();
      if (database.prefix != null) {
        if (!prefixes.contains(database.prefix)) {
          throw new Failure(
              ExitCodes.CONFIGURATION,
              "no Recount tables with the prefix '" + database.prefix + "' at " + where
                  + " (looked for " + database.prefix + "events and " + database.prefix
                  + "snapshots with Recount's columns); "
                  + (prefixes.isEmpty()
                      ? "it has none with any prefix"
                      : "prefixes found: " + String.join(", ", prefixes)));
        }
        prefixes = List.of(database.prefix);
        skipped = List.of();
      }
      if (prefixes.isEmpty()) {
        return nothingFound(out, where, skipped);
      }
      for (String prefix : exported.keySet()) {
        if (!prefixes.contains(prefix)) {
          throw new Failure(
              ExitCodes.CONFIGURATION,
              "the --checkpoint line is of the store '" + prefix + "', which is not audited here"
                  + " (stores: " + String.join(", ", prefixes) + ")");
        }
      }
      List<Result> results = new ArrayList<>();
      for (String prefix : prefixes) {
        results.add(audit(db, prefix, exported.get(prefix), err));
      }
      int exitCode = results.stream().allMatch(Result::intact) ? ExitCodes.OK : ExitCodes.CORRUPT;
      if (asJson) {
        printJson(out, where, results, skipped, exitCode);
      } else {
        printText(out, where, results, skipped);
      }
      return exitCode;
    } catch (Failure e) {
      return fail(out, err, where, e.exitCode, e.getMessage());
    } catch (ConfigurationError | PersistenceError e) {
      return fail(out, err, where, ExitCodes.CONFIGURATION, e.getMessage());
    }
  }

  private Result audit(Database db, String prefix, Checkpoint exported, PrintWriter err) {
    long total = db.countEvents(prefix);
    try (EventStore store = db.open(prefix, Map.of())) {
      EventStore.RecordAudit audit = store.auditRecords(
          quiet ? events -> {} : new Progress(err, prefix, total, progressSeconds));
      Checkpoints checkpoints = null;
      if (publicKey != null) {
        if (!db.hasTable(prefix + "checkpoints")) {
          // Written by a Recount without checkpoints: nothing was signed, unless a line says so.
          checkpoints = exported == null
              ? new Checkpoints(null, null)
              : new Checkpoints(
                  null,
                  new LogIntegrityError(
                      exported.upTo(),
                      null,
                      0,
                      "the store has no " + prefix + "checkpoints table, so no stored checkpoint"
                          + " reaches the exported one: the checkpoints were deleted"));
        } else {
          try {
            checkpoints = new Checkpoints(store.auditCheckpoints(publicKey, exported), null);
          } catch (LogIntegrityError problem) {
            checkpoints = new Checkpoints(null, problem);
          }
        }
      }
      return new Result(prefix, audit, checkpoints);
    }
  }

  /**
   * Refuses a verifying key that is not one before any store is read, rather than after the first
   * store's records.
   */
  private void checkPublicKey() {
    if (publicKey == null) {
      return;
    }
    try {
      KeyFactory.getInstance("Ed25519")
          .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey.trim())));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new Failure(
          ExitCodes.CONFIGURATION,
          "--public-key: not an Ed25519 verifying key (base64 of X.509 SubjectPublicKeyInfo, the"
              + " second key keygen --signing prints): " + e.getMessage(),
          e);
    }
  }

  /** The {@code --checkpoint} lines by the store they are of. */
  private Map<String, Checkpoint> exportedCheckpoints() {
    if (!checkpointLines.isEmpty() && publicKey == null) {
      throw new Failure(
          ExitCodes.CONFIGURATION,
          "--checkpoint needs --public-key, the verifying key of the checkpoint's signer");
    }
    Map<String, Checkpoint> exported = new LinkedHashMap<>();
    for (String line : checkpointLines) {
      Checkpoint checkpoint;
      try {
        checkpoint = Checkpoint.parse(line.trim());
      } catch (IllegalArgumentException e) {
        throw new Failure(ExitCodes.CONFIGURATION, "--checkpoint: " + e.getMessage(), e);
      }
      if (exported.put(checkpoint.tablePrefix(), checkpoint) != null) {
        throw new Failure(
            ExitCodes.CONFIGURATION,
            "two --checkpoint lines of the store '" + checkpoint.tablePrefix() + "': give its"
                + " newest");
      }
    }
    return exported;
  }

  private int nothingFound(PrintWriter out, String where, List<TablePrefixes.Skipped> skipped) {
    String message = "no Recount tables found at " + where
        + ": no table <prefix>events with Recount's columns and a <prefix>snapshots beside it;"
        + " nothing was checked";
    if (asJson) {
      Json.print(out, json -> {
        json.writeStartObject();
        json.writeStringField("database", where);
        json.writeStringField("result", "no-tables");
        json.writeNumberField("exitCode", ExitCodes.NOTHING_FOUND);
        json.writeStringField("message", message);
        json.writeArrayFieldStart("stores");
        json.writeEndArray();
        writeSkipped(json, skipped);
        json.writeEndObject();
      });
    } else {
      out.println(message);
      printSkipped(out, skipped);
      out.flush();
    }
    return ExitCodes.NOTHING_FOUND;
  }

  private int fail(PrintWriter out, PrintWriter err, String where, int exitCode, String message) {
    if (asJson) {
      Json.printError(out, where, exitCode, message);
    }
    err.println("error: " + message);
    err.flush();
    return exitCode;
  }

  private void printText(
      PrintWriter out, String where, List<Result> results, List<TablePrefixes.Skipped> skipped) {
    long aggregates = 0;
    long events = 0;
    long snapshots = 0;
    long corrupt = 0;
    long failedCheckpoints = 0;
    for (Result result : results) {
      EventStore.RecordAudit audit = result.audit();
      aggregates += audit.aggregates();
      events += audit.events();
      snapshots += audit.snapshots();
      corrupt += audit.problems().size();
      String counts = counts(audit.aggregates(), audit.events(), audit.snapshots());
      if (result.intact()) {
        out.println(result.prefix() + ": " + counts + ": intact");
      } else if (audit.problems().isEmpty()) {
        out.println(result.prefix() + ": " + counts + ": the log fails its signed checkpoints");
      } else {
        out.println(result.prefix() + ": " + counts + ": " + audit.problems().size() + " of "
            + audit.aggregates() + plural(audit.aggregates(), " aggregate") + " corrupt");
        List<DataIntegrityError> problems = audit.problems();
        for (int i = 0; i < problems.size() && i < maxProblems; i++) {
          DataIntegrityError problem = problems.get(i);
          out.println("  aggregate " + problem.aggregateId() + " version " + problem.version()
              + ": " + problem.problem());
        }
        if (problems.size() > maxProblems) {
          out.println("  ... and " + (problems.size() - maxProblems)
              + " more corrupt aggregates (--json lists every one)");
        }
        out.println(
            "  (an aggregate's records after its first problem are not checked, nor" + " counted)");
      }
      if (result.checkpoints() != null) {
        out.println("  " + checkpointText(result.checkpoints()));
        if (result.checkpoints().problem() != null) {
          failedCheckpoints++;
        }
      }
      long records = audit.events() + audit.snapshots();
      if (audit.unencrypted() > 0 && audit.unencrypted() < records) {
        out.println("  note: " + audit.unencrypted() + " of " + records + " records are stored"
            + " without encryption while the others are encrypted: records written before a"
            + " cipher key was set, or written by someone without the key (an application with"
            + " the key refuses them unless ACCEPT_UNENCRYPTED=true)");
      }
    }
    printSkipped(out, skipped);
    String summary = "audited " + results.size() + plural(results.size(), " store") + " at " + where
        + ": " + counts(aggregates, events, snapshots);
    if (corrupt == 0 && failedCheckpoints == 0) {
      out.println(summary + ": every hash matches its record and every chain is unbroken"
          + (publicKey == null ? "" : "; no signed checkpoint failed"));
    } else {
      List<String> found = new ArrayList<>();
      if (corrupt > 0) {
        found.add("in " + corrupt + plural(corrupt, " aggregate"));
      }
      if (failedCheckpoints > 0) {
        found.add("against the signed checkpoints of " + failedCheckpoints
            + plural(failedCheckpoints, " store"));
      }
      out.println(summary + ": corruption found " + String.join(" and ", found));
    }
    out.flush();
  }

  private static String checkpointText(Checkpoints checkpoints) {
    if (checkpoints.problem() != null) {
      return "checkpoints: " + checkpoints.problem().problem();
    }
    EventStore.CheckpointReach reach = checkpoints.reach();
    if (reach == null || reach.upTo() == 0) {
      return "checkpoints: none stored: nothing is proven beyond the hashes and chains";
    }
    String proven = String.format(
        Locale.ROOT,
        "checkpoints: signed checkpoints prove every event up to notification id %,d (%,d"
            + " events) present, unchanged and at its id",
        reach.upTo(),
        reach.events());
    return reach.lastNotificationId() > reach.upTo()
        ? proven
            + String.format(
                Locale.ROOT,
                "; the log goes on to id %,d, and what comes after %,d is checked by its hashes and"
                    + " chains only",
                reach.lastNotificationId(),
                reach.upTo())
        : proven + ", which is the whole log";
  }

  private static String counts(long aggregates, long events, long snapshots) {
    return String.format(Locale.ROOT, "%,d", aggregates) + plural(aggregates, " aggregate") + ", "
        + String.format(Locale.ROOT, "%,d", events) + plural(events, " event") + ", "
        + String.format(Locale.ROOT, "%,d", snapshots) + plural(snapshots, " snapshot");
  }

  private static String plural(long count, String noun) {
    return count == 1 ? noun : noun + "s";
  }

  private static void printSkipped(PrintWriter out, List<TablePrefixes.Skipped> skipped) {
    for (TablePrefixes.Skipped table : skipped) {
      out.println("skipped table " + table.table() + ": " + table.reason());
    }
  }

  private static void printJson(
      PrintWriter out,
      String where,
      List<Result> results,
      List<TablePrefixes.Skipped> skipped,
      int exitCode) {
    Json.print(out, json -> {
      long aggregates = 0;
      long events = 0;
      long snapshots = 0;
      long corrupt = 0;
      json.writeStartObject();
      json.writeStringField("database", where);
      json.writeStringField("result", exitCode == ExitCodes.OK ? "intact" : "corrupt");
      json.writeNumberField("exitCode", exitCode);
      json.writeArrayFieldStart("stores");
      for (Result result : results) {
        EventStore.RecordAudit audit = result.audit();
        aggregates += audit.aggregates();
        events += audit.events();
        snapshots += audit.snapshots();
        corrupt += audit.problems().size();
        json.writeStartObject();
        json.writeStringField("prefix", result.prefix());
        json.writeStringField("result", result.intact() ? "intact" : "corrupt");
        json.writeNumberField("aggregates", audit.aggregates());
        json.writeNumberField("events", audit.events());
        json.writeNumberField("snapshots", audit.snapshots());
        json.writeNumberField("unencryptedRecords", audit.unencrypted());
        json.writeNumberField("corruptAggregates", audit.problems().size());
        writeProblems(json, audit.problems());
        if (result.checkpoints() != null) {
          writeCheckpoints(json, result.checkpoints());
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      writeSkipped(json, skipped);
      json.writeObjectFieldStart("totals");
      json.writeNumberField("stores", results.size());
      json.writeNumberField("aggregates", aggregates);
      json.writeNumberField("events", events);
      json.writeNumberField("snapshots", snapshots);
      json.writeNumberField("corruptAggregates", corrupt);
      json.writeEndObject();
      json.writeEndObject();
    });
  }

  static void writeProblems(JsonGenerator json, List<DataIntegrityError> problems)
      throws IOException {
    json.writeArrayFieldStart("problems");
    for (DataIntegrityError problem : problems) {
      json.writeStartObject();
      json.writeStringField("aggregateId", problem.aggregateId().toString());
      json.writeNumberField("version", problem.version());
      json.writeStringField("problem", problem.problem());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static void writeCheckpoints(JsonGenerator json, Checkpoints checkpoints)
      throws IOException {
    json.writeObjectFieldStart("checkpoints");
    EventStore.CheckpointReach reach = checkpoints.reach();
    LogIntegrityError problem = checkpoints.problem();
    json.writeStringField(
        "result",
        problem != null ? "corrupt" : reach == null || reach.upTo() == 0 ? "none" : "verified");
    if (reach != null) {
      json.writeNumberField("upTo", reach.upTo());
      json.writeNumberField("events", reach.events());
      json.writeNumberField("lastNotificationId", reach.lastNotificationId());
    }
    if (problem != null) {
      json.writeObjectFieldStart("problem");
      json.writeNumberField("notificationId", problem.notificationId());
      if (problem.aggregateId() != null) {
        json.writeStringField("aggregateId", problem.aggregateId().toString());
        json.writeNumberField("version", problem.version());
      }
      json.writeStringField("problem", problem.getMessage());
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static void writeSkipped(JsonGenerator json, List<TablePrefixes.Skipped> skipped)
      throws IOException {
    json.writeArrayFieldStart("skippedTables");
    for (TablePrefixes.Skipped table : skipped) {
      json.writeStartObject();
      json.writeStringField("table", table.table());
      json.writeStringField("reason", table.reason());
      json.writeEndObject();
    }
    json.writeEndArray();
  }
}
