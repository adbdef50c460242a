package dev.recount;

import dev.recount.log.Notification;

/**
 * A subscriber threw while handling a notification. The save had already committed; the other
 * subscribers were still called.
 *
 * @param subscriber the subscriber that failed
 * @param notification what it was handling
 * @param error what it threw
 */
public record SubscriberFailure(
    Subscriber subscriber, Notification notification, RuntimeException error) {}
