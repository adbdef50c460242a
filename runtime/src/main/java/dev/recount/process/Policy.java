package dev.recount.process;

import dev.recount.log.Notification;

/**
 * How a {@link ProcessApplication} reacts to one upstream event: load its own aggregates (with its
 * repositories), run commands on them, and hand them to {@link ProcessingUnit#save}. Everything
 * saved is stored in one transaction together with the record that this notification was processed,
 * so the effect happens exactly once. Throw to refuse: nothing is written.
 */
@FunctionalInterface
public interface Policy {
  /** Reacts to {@code notification}, read from the upstream application {@code unit.upstream()}. */
  void react(Notification notification, ProcessingUnit unit);
}
