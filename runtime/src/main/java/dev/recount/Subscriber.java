package dev.recount;

import dev.recount.log.Notification;
import dev.recount.log.NotificationLog;

/**
 * Called with each event an application stores, after the save commits (never for a save that
 * rolled back). Runs in the saving thread: keep it quick, and do slow or remote work by following
 * the {@link NotificationLog} instead. An exception it throws is reported and does not affect the
 * save or the other subscribers.
 */
@FunctionalInterface
public interface Subscriber {
  /** Handles one stored event. */
  void onEvent(Notification notification);
}
