package dev.recount;

import dev.recount.log.Notification;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process subscribers of one application. Deliveries are serialised, so each subscriber sees
 * the events of one save together and in order, and is never called by two threads at once.
 */
final class Subscribers {
  private static final Logger LOG = LoggerFactory.getLogger("dev.recount");

  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final Consumer<SubscriberFailure> onFailure;

  Subscribers(Consumer<SubscriberFailure> onFailure) {
    this.onFailure = onFailure == null ? Subscribers::log : onFailure;
  }

  void add(Subscriber subscriber) {
    subscribers.add(subscriber);
  }

  void remove(Subscriber subscriber) {
    subscribers.remove(subscriber);
  }

  boolean isEmpty() {
    return subscribers.isEmpty();
  }

  synchronized void deliver(List<Notification> notifications) {
    for (Notification notification : notifications) {
      for (Subscriber subscriber : subscribers) {
        try {
          subscriber.onEvent(notification);
        } catch (RuntimeException e) {
          report(new SubscriberFailure(subscriber, notification, e));
        }
      }
    }
  }

  private void report(SubscriberFailure failure) {
    try {
      onFailure.accept(failure);
    } catch (RuntimeException e) {
      log(failure);
    }
  }

  private static void log(SubscriberFailure failure) {
    LOG.error(
        "subscriber {} failed on notification {} ({} of {})",
        failure.subscriber(),
        failure.notification().id(),
        failure.notification().topic(),
        failure.notification().originatorId(),
        failure.error());
  }
}
