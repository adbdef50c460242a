package dev.recount;

import dev.recount.log.Notification;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The in-process subscribers of one application. Deliveries are serialised, so each subscriber sees
 * the events of one save together and in order, and is never called by two threads at once.
 */
final class Subscribers {
  private static final System.Logger LOG = System.getLogger("dev.recount.Subscribers");

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
    LOG.log(
        System.Logger.Level.ERROR,
        "subscriber " + failure.subscriber() + " failed on"
            + " notification " + failure.notification().id() + " ("
            + failure.notification().topic()
            + " of " + failure.notification().originatorId() + ")",
        failure.error());
  }
}
