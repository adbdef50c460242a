package dev.recount.internal;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * The table of subjects' data keys (SUBJECT_KEYS): one row per aggregate, holding its data key
 * wrapped (encrypted) by an application key. The runtime wraps and unwraps; the table only moves
 * rows. Forgetting a subject deletes its wrapped key and keeps the row, with the time, as the
 * record that it was forgotten.
 */
public interface SubjectKeyTable {
  /**
   * One subject's row.
   *
   * @param wrappedKey the data key as the application key sealed it; {@code null} once forgotten
   * @param forgottenMicros when it was forgotten, in microseconds since the epoch; 0 if it was not
   */
  record Row(UUID subject, byte[] wrappedKey, long createdMicros, long forgottenMicros) {}

  /** The rows of those of {@code subjects} that have one. */
  Map<UUID, Row> rows(Collection<UUID> subjects);

  /**
   * Stores {@code row} unless the subject has one already (another process may have made it first,
   * or forgotten the subject).
   *
   * @return the subject's row as stored now: {@code row}, or the one that was there
   */
  Row insertIfAbsent(Row row);

  /**
   * Deletes the subject's wrapped key and records when: a subject with no row gets a forgotten one,
   * so that no key is made for it later; one forgotten before keeps its first time.
   *
   * @return the subject's row as stored now
   */
  Row forget(UUID subject, long forgottenMicros);
}
