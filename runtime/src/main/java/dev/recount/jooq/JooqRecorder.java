package dev.recount.jooq;

import dev.recount.ConfigurationError;
import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.dcb.AppendCondition;
import dev.recount.dcb.Query;
import dev.recount.internal.Recorder;
import dev.recount.internal.StoredCheckpoint;
import dev.recount.internal.SubjectKeyTable;
import dev.recount.internal.Tracking;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The recorder for every supported database, in jOOQ's DSL: the dialect renders each statement. It
 * puts together the tables ({@link Schema}), the assignment of notification ids that suits the
 * database ({@link IdAssignment}), the saves ({@link LoneSaves}, and on H2 and MariaDB
 * {@link GroupCommit} with {@link Batches}) and the reads ({@link Reads}).
 */
final class JooqRecorder implements Recorder {
  private final Database database;
  private final Schema schema;
  private final LoneSaves lone;
  /**
   * Where a save of events goes: on H2, whose writers take turns on the lock anyway, and on
   * MariaDB, where a commit waits for the disk, into a group commit; on PostgreSQL alone.
   */
  private final Saves eventSaves;
  /** H2 and MariaDB: combines concurrent saves into one transaction; else null. */
  final GroupCommit groupCommit;
  /** H2 and MariaDB: runs the group commit's batches; else null. */
  private final Batches batches;

  private final Reads reads;
  /** Dynamic Consistency Boundaries: tags, boundary locks, the conditional append. */
  private final DcbWrites dcbWrites;

  private final DcbReads dcbReads;
  private final PlainStatements plain;
  private final String tablePrefix;
  /** Saves in a transaction the caller commits. */
  private final JoinedInserts joined;

  private final Checkpoints checkpoints;
  /** Opened with READ_ONLY=true: every save is refused. */
  private final boolean readOnly;

  private dev.recount.internal.LeaseTable leases;

  JooqRecorder(Database database, String tablePrefix, boolean readOnly) {
    this.database = database;
    this.readOnly = readOnly;
    Dialect dialect = database.dialect();
    Tables tables = new Tables(tablePrefix);
    PlainStatements plain = new PlainStatements(database.dsl(), tables, dialect);
    Inserts inserts = new Inserts(database, tables, plain);
    // PostgreSQL's boundary locks (docs/DCB.md); H2 has the lock row, MariaDB every slot.
    KeyLocks keyLocks = dialect == Dialect.POSTGRES ? new KeyLocks(dialect, tablePrefix) : null;
    IdAssignment ids;
    if (dialect.ordering != Dialect.Ordering.IN_FLIGHT_BLOCKS) {
      TakenIds taken;
      if (dialect.ordering == Dialect.Ordering.IN_FLIGHT_SLOTS) {
        SlottedIds slotted = new SlottedIds(plain, tablePrefix);
        ids = slotted;
        taken = slotted;
      } else {
        LockedIds locked = new LockedIds(plain, inserts);
        ids = locked;
        taken = locked;
      }
      dcbWrites = new DcbWrites(database, tablePrefix, inserts, ids, keyLocks);
      lone = new LoneSaves(database, inserts, ids, dcbWrites);
      batches = new Batches(database, inserts, ids, taken, lone, dcbWrites);
      // A batch's fixed cost is high where it waits on a server (MariaDB) or ends with H2 writing
      // its file (an H2 file, crash-safe): there the leader lets others queue first.
      GroupCommit group =
          new GroupCommit(batches::run, dialect == Dialect.MARIADB || database.storesEachWrite());
      groupCommit = group;
      // Saves of events take the lock: concurrent ones share its acquisition and the commit.
      eventSaves = (events, tags, snapshots, tracking) ->
          group.submit(new Save(events, tags, snapshots, tracking));
    } else {
      ids = new ReservedIds(database.dsl(), tables, plain);
      dcbWrites = new DcbWrites(database, tablePrefix, inserts, ids, keyLocks);
      lone = new LoneSaves(database, inserts, ids, dcbWrites);
      batches = null;
      groupCommit = null;
      eventSaves = lone::save;
    }
    schema = new Schema(database, tables, plain, ids);
    this.plain = plain;
    this.tablePrefix = tablePrefix;
    reads = new Reads(database, tables, plain, ids);
    dcbReads = new DcbReads(database, tablePrefix, plain, reads, keyLocks);
    joined = new JoinedInserts(inserts, ids, dcbWrites);
    checkpoints = new Checkpoints(database, tables);
  }

  /** A way a save reaches the database. */
  private interface Saves {
    List<StoredEvent> save(
        List<StoredEvent> events,
        List<Set<String>> tags,
        List<StoredSnapshot> snapshots,
        Tracking tracking);
  }

  private void refuseIfReadOnly() {
    if (readOnly) {
      throw new ConfigurationError(
          "READ_ONLY",
          "this application was opened read-only and"
              + " cannot save; open it without READ_ONLY=true, as a user who may write");
    }
  }

  void createTables() {
    schema.create();
  }

  void checkTables() {
    schema.check();
    dcbReads.check();
  }

  void checkReadable() {
    schema.checkReadable();
    dcbReads.check();
  }

  @Override
  public List<StoredEvent> insert(
      List<StoredEvent> events,
      List<Set<String>> tags,
      List<StoredSnapshot> snapshots,
      Tracking tracking) {
    refuseIfReadOnly();
    if (!events.isEmpty()) {
      return eventSaves.save(events, tags, snapshots, tracking);
    }
    if (snapshots.isEmpty() && tracking == null) {
      return List.of();
    }
    return lone.save(events, tags, snapshots, tracking);
  }

  @Override
  public List<StoredEvent> append(
      List<StoredEvent> events, List<Set<String>> tags, AppendCondition condition) {
    refuseIfReadOnly();
    return dcbWrites.append(events, tags, condition);
  }

  @Override
  public TaggedEvents read(Query query, long after, int limit) {
    return dcbReads.read(query, after, limit);
  }

  @Override
  public Map<Long, Set<String>> tags(List<Long> ids) {
    return dcbReads.tags(ids);
  }

  @Override
  public List<StoredEvent> insertJoined(
      java.sql.Connection connection,
      List<StoredEvent> events,
      List<Set<String>> tags,
      List<StoredSnapshot> snapshots) {
    refuseIfReadOnly();
    return joined.insert(connection, events, tags, snapshots);
  }

  /** H2 and MariaDB: how many batches ran again save by save, for tests. */
  int rerunBatches() {
    return batches.reruns();
  }

  @Override
  public List<StoredEvent> events(
      UUID originatorId, long fromVersion, long toVersion, boolean descending, int limit) {
    return reads.events(originatorId, fromVersion, toVersion, descending, limit);
  }

  @Override
  public Replay replay(UUID originatorId, long toVersion) {
    return reads.replay(originatorId, toVersion, false);
  }

  @Override
  public Replay replayWithSubjectKey(UUID originatorId, long toVersion) {
    return reads.replay(originatorId, toVersion, true);
  }

  @Override
  public List<StoredSnapshot> snapshots(UUID originatorId) {
    return reads.snapshots(originatorId);
  }

  @Override
  public List<StoredEvent> notifications(long fromId, int limit, Set<String> topics) {
    return reads.notifications(fromId, Long.MAX_VALUE, limit, topics);
  }

  @Override
  public List<StoredEvent> notifications(long fromId, long toId, int limit, Set<String> topics) {
    return reads.notifications(fromId, toId, limit, topics);
  }

  @Override
  public long maxNotificationId() {
    return reads.maxNotificationId();
  }

  @Override
  public long maxTracked(String application, String upstream) {
    return reads.maxTracked(application, upstream);
  }

  @Override
  public Map<String, Long> maxTrackedByPrefix(String application, String upstreamPrefix) {
    return reads.maxTrackedByPrefix(application, upstreamPrefix);
  }

  @Override
  public Set<Long> tracked(String application, String upstream, Collection<Long> ids) {
    return reads.tracked(application, upstream, ids);
  }

  @Override
  public List<UUID> originatorIds(UUID after, int limit) {
    return reads.originatorIds(after, limit);
  }

  @Override
  public synchronized dev.recount.internal.LeaseTable leases() {
    if (leases == null) {
      LeaseRows rows = new LeaseRows(database, tablePrefix);
      leases = readOnly ? rows : rows.create();
    }
    return leases;
  }

  @Override
  public SubjectKeyTable subjectKeys(boolean create) {
    SubjectKeyRows rows = new SubjectKeyRows(database, plain, tablePrefix);
    if (create && !readOnly) {
      rows.create();
    }
    rows.check();
    return rows;
  }

  @Override
  public java.sql.Connection openDedicated() throws java.sql.SQLException {
    return database.openDedicated();
  }

  @Override
  public String url() {
    return database.url();
  }

  @Override
  public void scanEvents(BiConsumer<StoredEvent, StoredSnapshot> each) {
    reads.scanEvents(each);
  }

  @Override
  public void scanRecords(Consumer<StoredSnapshot> snapshots, Consumer<StoredEvent> events) {
    reads.scanRecords(snapshots, events);
  }

  @Override
  public void scanTaggedEvents(TaggedScan each) {
    reads.scanTaggedEvents(each);
  }

  @Override
  public void scanSnapshotKeys(Consumer<SnapshotKey> each) {
    reads.scanSnapshotKeys(each);
  }

  @Override
  public List<StoredCheckpoint> checkpoints(long after, int limit) {
    return checkpoints.after(after, limit);
  }

  @Override
  public StoredCheckpoint latestCheckpoint() {
    return checkpoints.latest();
  }

  @Override
  public boolean insertCheckpoint(StoredCheckpoint checkpoint) {
    if (readOnly) {
      throw new ConfigurationError(
          "READ_ONLY", "this application was opened read-only and cannot store checkpoints");
    }
    return checkpoints.insert(checkpoint);
  }

  @Override
  public void close() {
    database.close();
  }
}
