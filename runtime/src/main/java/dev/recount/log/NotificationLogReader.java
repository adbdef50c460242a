package dev.recount.log;

import dev.recount.internal.Internal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Follows a {@link NotificationLog} from a position: each {@link #read()} returns what was added
 * since the last one, fetched in pages. Save {@link #position()} with whatever the notifications
 * were used for (in the same transaction, ideally) and resume from it after a restart.
 *
 * <p>Not thread-safe: one reader per follower.
 */
public final class NotificationLogReader {
  private final NotificationLog log;
  private long position;
  private int pageSize = 100;
  private Set<String> topics = Set.of();

  /** A reader from the start of the log. */
  public NotificationLogReader(NotificationLog log) {
    this(log, 0);
  }

  /** A reader that resumes after {@code position}, the id of the last notification it handled. */
  public NotificationLogReader(NotificationLog log, long position) {
    this.log = Objects.requireNonNull(log, "log");
    seek(position);
  }

  /** Reads this many notifications per request to the log (default 100). */
  public NotificationLogReader pageSize(int notifications) {
    Internal.checkSelection(1, notifications);
    this.pageSize = notifications;
    return this;
  }

  /** Reads only notifications of these topics (default: all). */
  public NotificationLogReader topics(Set<String> topics) {
    this.topics = Set.copyOf(topics);
    return this;
  }

  /** Every notification after the position, to the current end of the log; advances. */
  public List<Notification> read() {
    List<Notification> all = new ArrayList<>();
    List<Notification> page;
    do {
      page = readPage();
      all.addAll(page);
    } while (page.size() == pageSize);
    return all;
  }

  /** At most one page of notifications after the position; advances past them. */
  public List<Notification> readPage() {
    List<Notification> page = log.select(position + 1, pageSize, topics);
    if (!page.isEmpty()) {
      position = page.get(page.size() - 1).id();
    }
    return page;
  }

  /** The id of the last notification read (0 before any). */
  public long position() {
    return position;
  }

  /** Continues after {@code position}. */
  public void seek(long position) {
    if (position < 0) {
      throw new IllegalArgumentException("position " + position + " is negative");
    }
    this.position = position;
  }
}
