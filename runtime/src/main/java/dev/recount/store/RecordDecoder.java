package dev.recount.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.recount.AggregateForgotten;
import dev.recount.AggregateRoot;
import dev.recount.CipherKeyError;
import dev.recount.DataIntegrityError;
import dev.recount.Metadata;
import dev.recount.RecordedEvent;
import dev.recount.StoredEvent;
import dev.recount.internal.DcbEventRegistry;
import dev.recount.internal.EventMapping;
import dev.recount.internal.Hex;
import dev.recount.internal.Mutator;
import dev.recount.internal.StoredDataException;
import dev.recount.internal.UnknownTopicException;
import dev.recount.log.Forgotten;
import dev.recount.log.Notification;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;

/**
 * Checks and decodes stored records: the hash and its place in the chain, then decryption,
 * decompression and the generated codec. Needs no database, so a remote notification log decodes
 * with it too.
 */
final class RecordDecoder {
  private static final JsonFactory JSON = new JsonFactory();

  private final Transcoder transcoder;
  private final boolean hashChain;
  /** The integrity tags every record must carry (INTEGRITY_KEY); {@code null} for none. */
  private final RecordTags tags;

  RecordDecoder(Transcoder transcoder, boolean hashChain) {
    this(transcoder, hashChain, null);
  }

  RecordDecoder(Transcoder transcoder, boolean hashChain, RecordTags tags) {
    this.transcoder = transcoder;
    this.hashChain = hashChain;
    this.tags = tags;
  }

  /** The integrity tags records must carry; {@code null} if no INTEGRITY_KEY is set. */
  RecordTags tags() {
    return tags;
  }

  /**
   * Checks that {@code event} is the aggregate's event at {@code expected}, the one after the event
   * whose hash is {@code previous}: no version missing, its hash right, the chain unbroken.
   */
  void checkNext(StoredEvent event, long expected, byte[] previous) {
    if (event.originatorVersion() != expected) {
      throw new DataIntegrityError(
          event.originatorId(),
          expected,
          "the event at version " + expected + " is missing (found version "
              + event.originatorVersion() + " next)");
    }
    checkHash(event, previous);
  }

  /** Checks one stored event's hash, and that it chains onto {@code previous}. */
  void checkHash(StoredEvent event, byte[] previous) {
    if (!hashChain) {
      return;
    }
    UUID id = event.originatorId();
    long version = event.originatorVersion();
    if (event.hash() == null) {
      throw new DataIntegrityError(id, version, "the event was stored without a hash");
    }
    if (!Arrays.equals(event.previousHash(), previous)) {
      throw new DataIntegrityError(
          id,
          version,
          "the hash chain is broken: the event does not" + " follow the hash of version "
              + (version - 1));
    }
    if (!Arrays.equals(event.hash(), Hashes.ofEvent(event))) {
      throw new DataIntegrityError(
          id,
          version,
          "the stored event does not match its hash: its"
              + " state, metadata, topic, timestamp or version was altered");
    }
    if (tags != null) {
      tags.check(event);
    }
  }

  /** Decodes an event whose hash has been checked, with the given aggregate's codecs. */
  Object decode(StoredEvent event, Mutator<AggregateRoot> mutator) {
    UUID id = event.originatorId();
    long version = event.originatorVersion();
    byte[] json = decodeState(Transcoder.EVENT, id, version, event.state(), "event");
    if (event.topic().equals(AggregateRoot.Discarded.TOPIC)) {
      return new AggregateRoot.Discarded();
    }
    // Not an aggregate's: an event appended without one (dev.recount.dcb), if any.
    EventMapping mapping =
        mutator != null ? mutator.events() : DcbEventRegistry.ofTopic(event.topic());
    if (mapping == null) {
      throw new DataIntegrityError(id, version, Topics.unknown(event.topic()));
    }
    try (JsonParser parser = JSON.createParser(json)) {
      parser.nextToken();
      return mapping.read(event.topic(), parser);
    } catch (UnknownTopicException e) {
      throw new DataIntegrityError(id, version, e.getMessage(), e);
    } catch (IOException | StoredDataException e) {
      throw new DataIntegrityError(
          id,
          version,
          "the event's JSON (topic '" + event.topic() + "') cannot be read: " + e.getMessage(),
          e);
    }
  }

  /**
   * Checks one stored event's own hash (not its place in the chain, which needs the event before)
   * and decodes it as a notification; the event of a forgotten aggregate as {@link Forgotten}.
   */
  Notification notification(StoredEvent event) {
    checkHash(event, event.previousHash());
    Object decoded;
    Metadata metadata;
    try {
      decoded = decode(event, Topics.owner(event.topic()));
      metadata = metadata(event);
    } catch (AggregateForgotten e) {
      // A tombstone in its place: followers track it and move on, neither stalled nor skipping.
      decoded = new Forgotten(e.forgottenAt());
      metadata = null;
    }
    return new Notification(
        event.notificationId(),
        event.originatorId(),
        event.originatorVersion(),
        Instant.EPOCH.plus(event.timestampMicros(), ChronoUnit.MICROS),
        event.topic(),
        decoded,
        metadata);
  }

  /**
   * Decrypts and reads the metadata of an event whose hash has been checked; {@code null} if it has
   * none.
   *
   * @throws dev.recount.AggregateForgotten if its aggregate was forgotten
   */
  Metadata metadata(StoredEvent event) {
    if (event.metadata() == null) {
      return null;
    }
    UUID id = event.originatorId();
    long version = event.originatorVersion();
    byte[] json = decodeState(Transcoder.METADATA, id, version, event.metadata(), "metadata");
    try {
      return MetadataJson.read(json);
    } catch (IOException | IllegalArgumentException e) {
      throw new DataIntegrityError(
          id, version, "the event's metadata cannot be read: " + e.getMessage(), e);
    }
  }

  /** Decodes any stored event, finding its aggregate by its topic. */
  RecordedEvent recorded(StoredEvent event) {
    return recorded(event, Topics.owner(event.topic()));
  }

  /** Decodes a stored event with the given aggregate's codecs. */
  RecordedEvent recorded(StoredEvent event, Mutator<AggregateRoot> mutator) {
    Object decoded = decode(event, mutator);
    return new RecordedEvent(
        event.originatorId(),
        event.originatorVersion(),
        Instant.EPOCH.plus(event.timestampMicros(), ChronoUnit.MICROS),
        event.topic(),
        decoded,
        Hex.encode(event.previousHash()),
        Hex.encode(event.hash()),
        event.notificationId(),
        metadata(event));
  }

  byte[] decodeState(byte kind, UUID id, long version, byte[] state, String what) {
    try {
      return transcoder.decode(kind, id, version, state);
    } catch (Transcoder.Undecodable e) {
      String problem = what.equals("metadata")
          ? "the event's stored metadata " + e.getMessage()
          : "the " + what + "'s stored state " + e.getMessage();
      if (e.keyProblem && hashChain) {
        throw new CipherKeyError(
            id,
            version,
            problem + "; its hash matches, so the stored data"
                + " is intact and the key is not the one it was written with",
            e,
            e.keyId);
      }
      if (e.keyProblem) {
        throw new CipherKeyError(
            id,
            version,
            problem + " (a wrong key, or altered data: with HASH_CHAIN on, the two are told apart)",
            e,
            e.keyId);
      }
      throw new DataIntegrityError(id, version, problem, e);
    }
  }
}
