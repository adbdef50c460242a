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
    List<Notification> notifications = new ArrayList<>();
    List<StoredEvent> records = store.recorder().notifications(fromId, limit, topics);
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
