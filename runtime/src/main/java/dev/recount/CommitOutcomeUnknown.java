package dev.recount;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The connection broke while a save was committing, so the client never heard whether the database
 * committed it. The save is stored whole or not at all;
 * {@link Application#isStored(CommitOutcomeUnknown)} finds out which, once the database answers
 * again. The aggregates still hold their events as pending: if the save is not stored, save them
 * again; if it is, load them again.
 */
public final class CommitOutcomeUnknown extends PersistenceError {
  private static final long serialVersionUID = 1L;

  /** The first event of each aggregate, as sent: what {@code isStored} looks for. */
  private final transient List<StoredEvent> firstEvents;

  // Transient like the events: an exception that crosses a JVM is a message, not a lookup.
  private final transient Map<UUID, Long> firstNewVersions;

  /** @param events the events of the save, as sent (their notification ids may be unset) */
  public CommitOutcomeUnknown(String message, Throwable cause, List<StoredEvent> events) {
    super(message, cause);
    Map<UUID, StoredEvent> first = new LinkedHashMap<>();
    for (StoredEvent event : events) {
      first.merge(
          event.originatorId(),
          event,
          (a, b) -> a.originatorVersion() <= b.originatorVersion() ? a : b);
    }
    this.firstEvents = List.copyOf(first.values());
    Map<UUID, Long> versions = new LinkedHashMap<>();
    first.forEach((id, event) -> versions.put(id, event.originatorVersion()));
    this.firstNewVersions = Collections.unmodifiableMap(versions);
  }

  /** Each aggregate of the save, with the first version the save would store for it. */
  public Map<UUID, Long> firstNewVersions() {
    return firstNewVersions == null ? Map.of() : firstNewVersions;
  }

  List<StoredEvent> firstEvents() {
    return firstEvents == null ? List.of() : firstEvents;
  }
}
