package dev.recount.store;

import dev.recount.StoredEvent;
import dev.recount.internal.Internal;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
    for (StoredEvent record : store.recorder().notifications(fromId, limit, topics)) {
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
