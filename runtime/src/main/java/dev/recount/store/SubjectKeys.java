package dev.recount.store;

import dev.recount.AggregateForgotten;
import dev.recount.internal.SubjectKeyTable;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each aggregate's own data key (SUBJECT_KEYS=true): a random AES-256 key made when the aggregate's
 * first record is encrypted, stored wrapped (sealed) by the current application key in the table of
 * subject keys, and destroyed by {@link #forget}. Records encrypted with it cannot be decrypted
 * once it is gone; their hashes, which cover the ciphertext, still verify.
 *
 * <p>Every operation that reads or writes an aggregate's records first {@link #refresh}es the keys
 * of its aggregates from the table (one statement), so that a key forgotten by another process is
 * never used again, here or there; the map below only carries the unwrapped keys from that read to
 * the records of the same operation, and skips unwrapping a key that did not change.
 */
final class SubjectKeys {
  /** The AAD kind of a wrapped data key, beside {@link Transcoder#EVENT} and SNAPSHOT. */
  static final byte KEY = 'K';

  private static final int DATA_KEY_BYTES = 32;
  /** Enough for the aggregates of any few operations at once; cleared, not evicted, past it. */
  private static final int MAX_HELD = 10_000;

  private final SubjectKeyTable table;
  private final Keyring keys;
  private final SecureRandom random = new SecureRandom();
  private final Map<UUID, Held> held = new ConcurrentHashMap<>();

  /**
   * A subject's row as last read, and its unwrapped key; or, if it has none, why: forgotten (both
   * null), or wrapped by a key that is not configured ({@code failure}).
   */
  private record Held(SubjectKeyTable.Row row, AesGcm key, Transcoder.Undecodable failure) {}

  SubjectKeys(SubjectKeyTable table, Keyring keys) {
    this.table = table;
    this.keys = keys;
  }

  /** Reads the rows of {@code subjects} afresh: what the next encoding and decoding of them use. */
  void refresh(Collection<UUID> subjects) {
    if (subjects.isEmpty()) {
      return;
    }
    Map<UUID, SubjectKeyTable.Row> rows = table.rows(subjects);
    if (held.size() + subjects.size() > MAX_HELD) {
      held.clear();
    }
    for (UUID subject : subjects) {
      SubjectKeyTable.Row row = rows.get(subject);
      if (row == null) {
        held.remove(subject);
      } else {
        hold(row);
      }
    }
  }

  /** Takes {@code row} (null: none) as the subject's row just read, as {@link #refresh} would. */
  void accept(UUID subject, SubjectKeyTable.Row row) {
    if (row == null) {
      held.remove(subject);
    } else {
      if (held.size() >= MAX_HELD) {
        held.clear();
      }
      hold(row);
    }
  }

  /**
   * The key that encrypts the subject's new records: the one it has, or a new one stored now.
   *
   * @throws AggregateForgotten if the subject was forgotten: nothing is encrypted for it again
   */
  AesGcm forWriting(UUID subject) throws Transcoder.Undecodable {
    Held current = held.get(subject);
    if (current == null) {
      byte[] dataKey = new byte[DATA_KEY_BYTES];
      random.nextBytes(dataKey);
      SubjectKeyTable.Row row = table.insertIfAbsent(new SubjectKeyTable.Row(
          subject, keys.seal(KEY, 0, subject, 0, dataKey, 0), EventStore.micros(Instant.now()), 0));
      current = hold(row);
    }
    return usable(current);
  }

  /**
   * The key that decrypts the subject's records.
   *
   * @throws AggregateForgotten if the subject was forgotten
   * @throws Transcoder.Undecodable if it has no key, or its key was wrapped by an application key
   *     that is not configured (naming it)
   */
  AesGcm forReading(UUID subject) throws Transcoder.Undecodable {
    Held current = held.get(subject);
    if (current == null) {
      SubjectKeyTable.Row row = table.rows(List.of(subject)).get(subject);
      if (row == null) {
        throw new Transcoder.Undecodable(
            "is encrypted with its aggregate's own key, and the table of subject keys has no key"
                + " for it (its row was deleted, not forgotten)",
            true,
            null);
      }
      current = hold(row);
    }
    return usable(current);
  }

  private static AesGcm usable(Held held) throws Transcoder.Undecodable {
    if (held.failure != null) {
      throw held.failure;
    }
    if (held.key == null) {
      throw forgotten(held.row);
    }
    return held.key;
  }

  /**
   * Destroys the subject's key and records when; a subject with no key yet gets a forgotten row, so
   * that none is made for it later. Forgetting again keeps the first time.
   *
   * @return when the subject was forgotten
   */
  Instant forget(UUID subject) {
    SubjectKeyTable.Row row = table.forget(subject, EventStore.micros(Instant.now()));
    held.put(subject, new Held(row, null, null));
    return Instant.EPOCH.plus(row.forgottenMicros(), ChronoUnit.MICROS);
  }

  private Held hold(SubjectKeyTable.Row row) {
    Held before = held.get(row.subject());
    Held now;
    if (row.wrappedKey() == null || row.forgottenMicros() != 0) {
      now = new Held(row, null, null);
    } else if (before != null
        && before.key != null
        && Arrays.equals(before.row.wrappedKey(), row.wrappedKey())) {
      now = before;
    } else {
      now = unwrap(row);
    }
    if (now != before) {
      held.put(row.subject(), now);
    }
    return now;
  }

  private Held unwrap(SubjectKeyTable.Row row) {
    try {
      return new Held(row, AesGcm.of(keys.open(KEY, row.subject(), 0, row.wrappedKey())), null);
    } catch (Transcoder.Undecodable e) {
      return new Held(
          row,
          null,
          new Transcoder.Undecodable(
              "is encrypted with its aggregate's own key, whose wrapped copy in the table of"
                  + " subject keys " + e.getMessage(),
              true,
              e,
              e.keyId));
    }
  }

  private static AggregateForgotten forgotten(SubjectKeyTable.Row row) {
    return new AggregateForgotten(
        row.subject(), Instant.EPOCH.plus(row.forgottenMicros(), ChronoUnit.MICROS));
  }
}
