package dev.recount.store;

import dev.recount.StoredEvent;
import dev.recount.internal.Internal;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The notification log of an application, read from its own database. */
final class LocalNotificationLog implements NotificationLog {
  private final EventStore store;

  LocalNotificationLog(EventStore store) {
    this.store = store;
  }

  @Override
  public List<Notification> select(long fromId, int limit, Set<String> topics) {
    Internal.checkSelection(fromId, limit);
    return decode(store.recorder().notifications(fromId, limit, topics));
  }

  /** The range goes into the query: a reader of a few topics scans only the range. */
  @Override
  public List<Notification> select(long fromId, long toId, int limit, Set<String> topics) {
    Internal.checkSelection(fromId, limit);
    if (toId < fromId) {
      return List.of();
    }
    return decode(store.recorder().notifications(fromId, toId, limit, topics));
  }

  private List<Notification> decode(List<StoredEvent> records) {
    List<Notification> notifications = new ArrayList<>();
    Set<UUID> aggregates = new LinkedHashSet<>();
    for (StoredEvent record : records) {
      aggregates.add(record.originatorId());
    }
    store.refreshKeys(aggregates);
    for (StoredEvent record : records) {
      notifications.add(store.decoder().notification(record));
    }
    return notifications;
  }

  @Override
  public Optional<StoredEvent> record(long id) {
    Internal.checkSelection(id, 1);
    List<StoredEvent> page = store.recorder().notifications(id, 1, Set.of());
    return page.isEmpty() || page.get(0).notificationId() != id
        ? Optional.empty()
        : Optional.of(page.get(0));
  }

  @Override
  public long maxId() {
    return store.recorder().maxNotificationId();
  }
}
