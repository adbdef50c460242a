package dev.recount.log;

import dev.recount.Application;
import dev.recount.StoredEvent;
import dev.recount.http.NotificationLogServer;
import dev.recount.http.RemoteNotificationLog;
import dev.recount.internal.Internal;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The events of an application in one order that never changes and never skips: what projections,
 * read models and other applications follow. Served by the application itself
 * ({@link Application#log()}) or over HTTP ({@link NotificationLogServer},
 * {@link RemoteNotificationLog}).
 */
public interface NotificationLog {
  /** The most notifications one {@link #select} returns. */
  int MAX_LIMIT = 1000;

  /**
   * Notifications with ids from {@code fromId} (inclusive), in order, at most {@code limit}; only
   * those of the given topics unless {@code topics} is empty. Reading past the end returns an empty
   * list. No notification is returned while one with a smaller id may still be committed.
   *
   * @throws IllegalArgumentException if {@code fromId} is less than 1 or {@code limit} is not in
   *     1..{@link #MAX_LIMIT}
   */
  List<Notification> select(long fromId, int limit, Set<String> topics);

  /**
   * Notifications with ids from {@code fromId} to {@code toId}, both inclusive, in order, at most
   * {@code limit}; only those of the given topics unless {@code topics} is empty. Empty if
   * {@code toId} is below {@code fromId}.
   *
   * @throws IllegalArgumentException if {@code fromId} is less than 1 or {@code limit} is not in
   *     1..{@link #MAX_LIMIT}
   */
  default List<Notification> select(long fromId, long toId, int limit, Set<String> topics) {
    Internal.checkSelection(fromId, limit);
    if (toId < fromId) {
      return List.of();
    }
    // Ids are unique, so no more than toId - fromId + 1 of them can be in the range.
    List<Notification> page = select(fromId, (int) Math.min(limit, toId - fromId + 1), topics);
    int end = page.size();
    while (end > 0 && page.get(end - 1).id() > toId) {
      end--;
    }
    return end == page.size() ? page : List.copyOf(page.subList(0, end));
  }

  /**
   * The record of the notification with this id exactly as the log holds it: the stored state
   * (compressed and encrypted as the application stores it), its hash and the previous one.
   */
  Optional<StoredEvent> record(long id);

  /** Notifications from {@code fromId}, of every topic. */
  default List<Notification> select(long fromId, int limit) {
    return select(fromId, limit, Set.of());
  }

  /** The notification with this id, if there is one. */
  default Optional<Notification> get(long id) {
    List<Notification> page = select(id, 1);
    return page.isEmpty() || page.get(0).id() != id ? Optional.empty() : Optional.of(page.get(0));
  }

  /** The largest id a reader can see now; 0 when the log is empty. */
  long maxId();
}
