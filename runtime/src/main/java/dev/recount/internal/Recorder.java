package dev.recount.internal;

import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.dcb.AppendCondition;
import dev.recount.dcb.AppendConditionFailed;
import dev.recount.dcb.Query;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Stores and selects records in one database. The runtime turns aggregates into records and back; a
 * recorder only moves records, so that each database's SQL lives in one place.
 *
 * <p>Notification ids: every stored event has one; they are unique and increase in the order of the
 * notification log, which is the order in which events become visible to readers. They may skip
 * numbers (in PostgreSQL a save that fails has used up the ids it reserved), so a reader asks for
 * the ids after the last one it saw, never for "the next id".
 */
public interface Recorder extends AutoCloseable {
  /**
   * Inserts the events and snapshots in one transaction, giving the events notification ids in the
   * order of the list, greater than the ids of every event that readers could already see.
   *
   * @return the events as stored, with their notification ids
   * @throws RecordConflict if an event's (originator id, version) is already stored; then nothing
   *     was written
   */
  default List<StoredEvent> insert(List<StoredEvent> events, List<StoredSnapshot> snapshots) {
    return insert(events, List.of(), snapshots, null);
  }

  /**
   * Inserts like {@link #insert(List, List)}, and the tracking record (if not {@code null}) in the
   * same transaction.
   *
   * @throws AlreadyTracked if the tracking record is already stored; then nothing was written
   */
  default List<StoredEvent> insert(
      List<StoredEvent> events, List<StoredSnapshot> snapshots, Tracking tracking) {
    return insert(events, List.of(), snapshots, tracking);
  }

  /**
   * Inserts like {@link #insert(List, List, Tracking)}, with the events' tags.
   *
   * @param tags the tags of each event, in the order of {@code events}; empty if none has any
   */
  List<StoredEvent> insert(
      List<StoredEvent> events,
      List<Set<String>> tags,
      List<StoredSnapshot> snapshots,
      Tracking tracking);

  /**
   * Inserts the events (aggregate-less, their tags given in the same order) in one transaction, if
   * no stored event matches {@code condition}; the check and the insert are one linearizable step
   * against every other insert (docs/DCB.md).
   *
   * @param condition {@code null} for none
   * @throws AppendConditionFailed naming the first matching event; then nothing was written
   */
  List<StoredEvent> append(
      List<StoredEvent> events, List<Set<String>> tags, AppendCondition condition);

  /**
   * The events matching {@code query} with ids after {@code after}, by id, at most {@code limit},
   * with their tags; and the largest id a reader may see, all as of one moment: every matching
   * event up to it is included (unless the limit cut it off), none after it.
   */
  TaggedEvents read(Query query, long after, int limit);

  /** The stored tags of the events with these ids (each id present, maybe with none). */
  Map<Long, Set<String>> tags(List<Long> ids);

  /**
   * Events and their tags, as a DCB read returns them.
   *
   * @param events by id
   * @param tags each event's tags, in the same order
   * @param head the largest id a reader could see at the moment of the read
   */
  record TaggedEvents(List<StoredEvent> events, List<Set<String>> tags, long head) {}

  /**
   * Inserts the events (with their tags, in their order; empty if none has any) and snapshots on
   * {@code connection}, in the transaction the caller has open there, which the caller commits or
   * rolls back; the events' ids become visible to readers only when it ends. On H2 the writers'
   * lock is held until then, on MariaDB the writer's slot, on PostgreSQL the events' boundary
   * locks.
   *
   * @throws RecordConflict if an event's (originator id, version) is already stored; the caller's
   *     transaction must then be rolled back
   */
  List<StoredEvent> insertJoined(
      java.sql.Connection connection,
      List<StoredEvent> events,
      List<Set<String>> tags,
      List<StoredSnapshot> snapshots);

  /**
   * The largest notification id of {@code upstream} that {@code application} has tracked; 0 if
   * none.
   */
  long maxTracked(String application, String upstream);

  /**
   * The largest notification id {@code application} has tracked under each upstream name that
   * starts with {@code upstreamPrefix} (such as {@code orders:}, for the positions of a segmented
   * follower's segments), by upstream name.
   */
  Map<String, Long> maxTrackedByPrefix(String application, String upstreamPrefix);

  /** Which of {@code ids} (at most 1000) {@code application} has tracked of {@code upstream}. */
  Set<Long> tracked(String application, String upstream, Collection<Long> ids);

  /**
   * The events of one aggregate with versions from {@code fromVersion} to {@code toVersion}, both
   * inclusive, ordered by version, at most {@code limit} of them.
   */
  List<StoredEvent> events(
      UUID originatorId, long fromVersion, long toVersion, boolean descending, int limit);

  /**
   * What a load of the aggregate up to {@code toVersion} replays: its newest snapshot at or below
   * that version (if any), and its events after that snapshot up to {@code toVersion}, ordered by
   * version. One round trip when the aggregate has no such snapshot.
   */
  Replay replay(UUID originatorId, long toVersion);

  /**
   * A snapshot and the events after it.
   *
   * @param snapshot the newest snapshot at or below the version asked for; {@code null} if none
   * @param events the events after the snapshot (all of them if there is none), by version
   * @param subjectKey from {@link #replayWithSubjectKey}: the aggregate's key row, or null
   */
  record Replay(StoredSnapshot snapshot, List<StoredEvent> events, SubjectKeyTable.Row subjectKey) {
    /** Without the subject key (not asked for). */
    public Replay(StoredSnapshot snapshot, List<StoredEvent> events) {
      this(snapshot, events, null);
    }
  }

  /**
   * As {@link #replay}, and the aggregate's row of the table of subject keys (SUBJECT_KEYS), read
   * in the same statement: {@link Replay#subjectKey}, {@code null} if it has none.
   */
  Replay replayWithSubjectKey(UUID originatorId, long toVersion);

  /** Every snapshot of the aggregate, oldest first. */
  List<StoredSnapshot> snapshots(UUID originatorId);

  /**
   * Events in notification order with ids from {@code fromId} (inclusive), at most {@code limit},
   * only of the given topics unless {@code topics} is empty. Never returns an event while an event
   * with a smaller id may still commit: a follower that asks for the ids after the last it saw
   * never skips one. A committed event may be held back until older transactions on the server end
   * (PostgreSQL), but never reordered.
   */
  List<StoredEvent> notifications(long fromId, int limit, Set<String> topics);

  /**
   * Like {@link #notifications(long, int, Set)}, but only ids up to {@code toId} (inclusive): the
   * bound goes into the query, so that a reader of a few topics scans a window of the log rather
   * than everything after {@code fromId}.
   */
  List<StoredEvent> notifications(long fromId, long toId, int limit, Set<String> topics);

  /**
   * The largest notification id that a reader may see now (what {@link #notifications} would return
   * last); 0 if there is none.
   */
  long maxNotificationId();

  /**
   * Aggregate ids that have events, after {@code after} (null: from the start), in the database's
   * order of UUIDs: stable for paging, but not {@link UUID#compareTo}'s, and not the same in every
   * database.
   */
  List<UUID> originatorIds(UUID after, int limit);

  /**
   * The table of subjects' data keys (SUBJECT_KEYS), created first if {@code create} and it is
   * missing, then checked.
   *
   * @throws dev.recount.PersistenceError if it is missing and cannot be created, or the user may
   *     not read it
   */
  SubjectKeyTable subjectKeys(boolean create);

  /**
   * The table of leases, created first if it is missing (unless the recorder is read-only).
   *
   * @throws dev.recount.PersistenceError if it is missing and cannot be created
   */
  LeaseTable leases();

  /**
   * A connection of its own, outside the pool's work, for a listener that holds it for long
   * (PostgreSQL's LISTEN); the caller closes it. From the application's data source if it gave one.
   */
  java.sql.Connection openDedicated() throws java.sql.SQLException;

  /** The database's JDBC URL: as configured, or as the application's data source reports it. */
  String url();

  /**
   * Calls {@code each} with every stored event in the order of (originator id, version), and the
   * snapshot at the event's version ({@code null} if none): the whole table in one statement (the
   * snapshots joined), which the driver streams. Statements per aggregate or per page cost an audit
   * several times its reading. An exception from {@code each} ends the scan and is thrown.
   */
  void scanEvents(BiConsumer<StoredEvent, StoredSnapshot> each);

  /**
   * As {@link #scanEvents}, with each event's stored tags (dev.recount.dcb), read in the same
   * statement: so the scan needs one connection, however many events it reads.
   */
  void scanTaggedEvents(TaggedScan each);

  /** What {@link #scanTaggedEvents} calls for each event. */
  interface TaggedScan {
    /**
     * @param snapshot the snapshot at the event's version, or {@code null}
     * @param tags the event's stored tags (empty if none)
     */
    void accept(StoredEvent event, StoredSnapshot snapshot, Set<String> tags);
  }

  /**
   * Calls {@code snapshots} with every stored snapshot, in no particular order, and then
   * {@code events} with every stored event in the order of (originator id, version): two
   * statements, each streamed by the driver, for an audit that checks the records as stored.
   * Reading the two tables apart costs less than {@link #scanEvents}' join (on H2 about a third
   * less), and needs no order of ids shared between Java and the database. An exception from either
   * ends the scan and is thrown.
   */
  void scanRecords(Consumer<StoredSnapshot> snapshots, Consumer<StoredEvent> events);

  /** Calls {@code each} with every snapshot's aggregate and version, in one statement. */
  void scanSnapshotKeys(Consumer<SnapshotKey> each);

  /** Which snapshot: its aggregate and version. */
  record SnapshotKey(UUID originatorId, long originatorVersion) {}

  /**
   * Stored checkpoints of the log that end after notification id {@code after}, oldest first, at
   * most {@code limit}.
   */
  List<StoredCheckpoint> checkpoints(long after, int limit);

  /** The newest stored checkpoint; {@code null} if there is none. */
  StoredCheckpoint latestCheckpoint();

  /**
   * Stores a checkpoint, unless one ending at the same id or following the same one is stored: then
   * another writer's checkpointer was first, and this returns false having written nothing.
   */
  boolean insertCheckpoint(StoredCheckpoint checkpoint);

  /** Releases the connection pool (not the application's own data source). */
  @Override
  void close();
}
