package dev.recount.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.recount.AggregateForgotten;
import dev.recount.ConfigurationError;
import dev.recount.DataIntegrityError;
import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.internal.Hex;
import dev.recount.store.EventStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recount inspect}: the records of one aggregate, as stored. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the stored records of one aggregate.",
      "",
      "Shows the stored records of one aggregate: each event's version, notification id, topic,"
          + " timestamp, size, hashes and, where it can be decoded, its JSON; then its snapshots;"
          + " then what the audit's checks say about them.",
      "Encrypted state is shown only with the cipher key ($CIPHER_KEY or --key-file, or the"
          + " keyring $CIPHER_KEYS with $CIPHER_KEY_ID); records of a forgotten aggregate say"
          + " so. The application's classes are never needed."
    },
    exitCodeListHeading = "%nExit codes:%n")
final class InspectCommand implements Callable<Integer> {
  private final Map<String, String> environment;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<aggregate-id>", description = "the aggregate's UUID")
  UUID id;

  @Mixin
  DatabaseOptions database;

  @Option(
      names = "--key-file",
      paramLabel = "<file>",
      description = "a file holding the base64 cipher key, to decrypt state (default: $CIPHER_KEY"
          + " if set)")
  Path keyFile;

  @Option(names = "--json", description = "print the records as JSON on stdout")
  boolean asJson;

  InspectCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  /** What one decodable or undecodable state shows. */
  private record Decoded(String json, String unavailable) {}

  /** The records of the aggregate in one store. */
  private record Shown(
      String prefix,
      List<StoredEvent> events,
      List<Decoded> eventJson,
      List<Decoded> eventMetadata,
      List<StoredSnapshot> snapshots,
      List<Decoded> snapshotJson,
      List<DataIntegrityError> problems) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String where = null;
    try (Database db = database.connect(environment)) {
      where = db.display();
      Map<String, String> keys = keys();
      List<String> prefixes = db.scan().prefixes();
      if (database.prefix != null) {
        if (!prefixes.contains(database.prefix)) {
          throw new Failure(
              ExitCodes.CONFIGURATION,
              "no Recount tables with the prefix '" + database.prefix + "' at " + where);
        }
        prefixes = List.of(database.prefix);
      }
      List<Shown> shown = new ArrayList<>();
      for (String prefix : prefixes) {
        try (EventStore store = db.open(prefix, keys)) {
          Shown records = read(store, prefix, !keys.isEmpty());
          if (records != null) {
            shown.add(records);
          }
        }
      }
      if (shown.isEmpty()) {
        throw new Failure(
            ExitCodes.NOTHING_FOUND,
            "no records of aggregate " + id + " at " + where
                + (prefixes.isEmpty()
                    ? ": it has no Recount tables"
                    : " (looked in the stores " + String.join(", ", prefixes) + ")"));
      }
      int exitCode =
          shown.stream().allMatch(s -> s.problems().isEmpty()) ? ExitCodes.OK : ExitCodes.CORRUPT;
      if (asJson) {
        printJson(out, where, shown, exitCode);
      } else {
        printText(out, shown);
      }
      return exitCode;
    } catch (Failure e) {
      return fail(out, err, where, e.exitCode, e.getMessage());
    } catch (ConfigurationError | PersistenceError e) {
      return fail(out, err, where, ExitCodes.CONFIGURATION, e.getMessage());
    }
  }

  /**
   * CIPHER_KEY (from --key-file or the environment), and the keyring CIPHER_KEYS, CIPHER_KEY_ID.
   */
  private Map<String, String> keys() {
    Map<String, String> keys = new java.util.HashMap<>();
    for (String setting : List.of("CIPHER_KEY", "CIPHER_KEYS", "CIPHER_KEY_ID")) {
      String value = environment.get(setting);
      if (value != null) { // a blank one too: the settings refuse it, naming it
        keys.put(setting, value);
      }
    }
    if (keyFile == null) {
      return keys;
    }
    try {
      keys.put("CIPHER_KEY", Files.readString(keyFile, StandardCharsets.UTF_8).trim());
      return keys;
    } catch (IOException e) {
      throw new Failure(
          ExitCodes.CONFIGURATION, "could not read the key file " + keyFile + ": " + e, e);
    }
  }

  private Shown read(EventStore store, String prefix, boolean haveKey) {
    List<StoredEvent> events = store.storedEvents(id);
    List<StoredSnapshot> snapshots = store.storedSnapshots(id);
    if (events.isEmpty() && snapshots.isEmpty()) {
      return null;
    }
    List<Decoded> eventJson = new ArrayList<>();
    List<Decoded> eventMetadata = new ArrayList<>();
    for (StoredEvent event : events) {
      eventJson.add(decode(event.state(), haveKey, () -> store.storedJson(event)));
      eventMetadata.add(
          event.metadata() == null
              ? null
              : decode(event.metadata(), haveKey, () -> store.storedMetadataJson(event)));
    }
    List<Decoded> snapshotJson = new ArrayList<>();
    for (StoredSnapshot snapshot : snapshots) {
      snapshotJson.add(decode(snapshot.state(), haveKey, () -> store.storedJson(snapshot)));
    }
    return new Shown(
        prefix,
        events,
        eventJson,
        eventMetadata,
        snapshots,
        snapshotJson,
        store.auditRecords(id).problems());
  }

  private interface Decoding {
    byte[] json();
  }

  private static Decoded decode(byte[] state, boolean haveKey, Decoding decoding) {
    if (encrypted(state) && !haveKey) {
      return new Decoded(null, "encrypted: give the key ($CIPHER_KEY or --key-file) to see it");
    }
    try {
      return new Decoded(new String(decoding.json(), StandardCharsets.UTF_8), null);
    } catch (AggregateForgotten e) {
      return new Decoded(
          null, "forgotten: the aggregate's own key was destroyed at " + e.forgottenAt());
    } catch (DataIntegrityError e) {
      return new Decoded(null, "cannot be decoded: " + e.problem());
    }
  }

  /** The format byte's flag, which the store's records carry in the clear. */
  private static boolean encrypted(byte[] state) {
    return state.length > 0 && (state[0] & 0x80) != 0;
  }

  private int fail(PrintWriter out, PrintWriter err, String where, int exitCode, String message) {
    if (asJson) {
      Json.printError(out, where, exitCode, message);
    }
    err.println("error: " + message);
    err.flush();
    return exitCode;
  }

  private static String time(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS).toString();
  }

  private static String hex(byte[] hash) {
    return hash == null ? "-" : Hex.encode(hash);
  }

  private void printText(PrintWriter out, List<Shown> shown) {
    for (Shown store : shown) {
      out.println("aggregate " + id + " in the store " + store.prefix() + ": "
          + count(store.events().size(), "event") + ", "
          + count(store.snapshots().size(), "snapshot"));
      for (int i = 0; i < store.events().size(); i++) {
        StoredEvent event = store.events().get(i);
        out.println("event version " + event.originatorVersion());
        out.println("  notification id  " + event.notificationId());
        out.println("  topic            " + event.topic());
        out.println("  timestamp        " + time(event.timestampMicros()));
        out.println("  state            " + event.state().length + " bytes"
            + (encrypted(event.state()) ? ", encrypted" : ", not encrypted"));
        out.println("  previous hash    " + hex(event.previousHash()));
        out.println("  hash             " + hex(event.hash()));
        printJsonLine(out, store.eventJson().get(i));
        Decoded metadata = store.eventMetadata().get(i);
        if (metadata == null) {
          out.println("  metadata         none");
        } else {
          out.println("  metadata         " + event.metadata().length + " bytes"
              + (encrypted(event.metadata()) ? ", encrypted" : ", not encrypted") + ": "
              + (metadata.json() != null ? metadata.json() : "(" + metadata.unavailable() + ")"));
        }
      }
      for (int i = 0; i < store.snapshots().size(); i++) {
        StoredSnapshot snapshot = store.snapshots().get(i);
        out.println("snapshot version " + snapshot.originatorVersion());
        out.println("  topic            " + snapshot.topic());
        out.println("  timestamp        " + time(snapshot.timestampMicros()));
        out.println("  fingerprint      " + snapshot.fingerprint());
        out.println("  state            " + snapshot.state().length + " bytes"
            + (encrypted(snapshot.state()) ? ", encrypted" : ", not encrypted"));
        out.println("  head             " + hex(snapshot.head()));
        out.println("  hash             " + hex(snapshot.hash()));
        printJsonLine(out, store.snapshotJson().get(i));
      }
      if (store.problems().isEmpty()) {
        out.println("checks: every hash matches its record and the chain is unbroken");
      } else {
        for (DataIntegrityError problem : store.problems()) {
          out.println("checks: corrupt at version " + problem.version() + ": " + problem.problem());
        }
      }
    }
    out.flush();
  }

  private static String count(int count, String noun) {
    return count + " " + (count == 1 ? noun : noun + "s");
  }

  private static void printJsonLine(PrintWriter out, Decoded decoded) {
    out.println("  json             "
        + (decoded.json() != null ? decoded.json() : "(" + decoded.unavailable() + ")"));
  }

  private void printJson(PrintWriter out, String where, List<Shown> shown, int exitCode) {
    Json.print(out, json -> {
      json.writeStartObject();
      json.writeStringField("database", where);
      json.writeStringField("aggregateId", id.toString());
      json.writeStringField("result", exitCode == ExitCodes.OK ? "intact" : "corrupt");
      json.writeNumberField("exitCode", exitCode);
      json.writeArrayFieldStart("stores");
      for (Shown store : shown) {
        json.writeStartObject();
        json.writeStringField("prefix", store.prefix());
        json.writeArrayFieldStart("events");
        for (int i = 0; i < store.events().size(); i++) {
          StoredEvent event = store.events().get(i);
          json.writeStartObject();
          json.writeNumberField("version", event.originatorVersion());
          json.writeNumberField("notificationId", event.notificationId());
          json.writeStringField("topic", event.topic());
          json.writeStringField("timestamp", time(event.timestampMicros()));
          json.writeNumberField("stateBytes", event.state().length);
          json.writeBooleanField("encrypted", encrypted(event.state()));
          writeHash(json, "previousHash", event.previousHash());
          writeHash(json, "hash", event.hash());
          writeDecoded(json, store.eventJson().get(i));
          Decoded metadata = store.eventMetadata().get(i);
          if (metadata == null) {
            json.writeNullField("metadata");
          } else {
            json.writeObjectFieldStart("metadata");
            json.writeNumberField("bytes", event.metadata().length);
            json.writeBooleanField("encrypted", encrypted(event.metadata()));
            writeDecoded(json, metadata);
            json.writeEndObject();
          }
          json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("snapshots");
        for (int i = 0; i < store.snapshots().size(); i++) {
          StoredSnapshot snapshot = store.snapshots().get(i);
          json.writeStartObject();
          json.writeNumberField("version", snapshot.originatorVersion());
          json.writeStringField("topic", snapshot.topic());
          json.writeStringField("timestamp", time(snapshot.timestampMicros()));
          json.writeStringField("fingerprint", snapshot.fingerprint());
          json.writeNumberField("stateBytes", snapshot.state().length);
          json.writeBooleanField("encrypted", encrypted(snapshot.state()));
          writeHash(json, "head", snapshot.head());
          writeHash(json, "hash", snapshot.hash());
          writeDecoded(json, store.snapshotJson().get(i));
          json.writeEndObject();
        }
        json.writeEndArray();
        AuditCommand.writeProblems(json, store.problems());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  private static void writeHash(JsonGenerator json, String name, byte[] hash) throws IOException {
    if (hash == null) {
      json.writeNullField(name);
    } else {
      json.writeStringField(name, Hex.encode(hash));
    }
  }

  private static void writeDecoded(JsonGenerator json, Decoded decoded) throws IOException {
    if (decoded.json() != null) {
      json.writeStringField("json", decoded.json());
    } else {
      json.writeNullField("json");
      json.writeStringField("jsonUnavailable", decoded.unavailable());
    }
  }
}
