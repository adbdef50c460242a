package dev.recount.examples.scaling;

import dev.recount.log.Notification;
import dev.recount.log.NotificationLog;
import dev.recount.log.NotificationLogReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The effects the counter's log holds, read whole. */
final class Effects {
  private Effects() {}

  /** Every effect stored, by order: an order with two is an order processed twice. */
  static Map<UUID, List<Effect.Recorded>> byOrder(NotificationLog counter) {
    Map<UUID, List<Effect.Recorded>> effects = new HashMap<>();
    NotificationLogReader reader = new NotificationLogReader(counter);
    List<Notification> page;
    while (!(page = reader.readPage()).isEmpty()) {
      for (Notification notification : page) {
        Effect.Recorded effect = (Effect.Recorded) notification.event();
        effects.computeIfAbsent(effect.order(), id -> new ArrayList<>()).add(effect);
      }
    }
    return effects;
  }
}
