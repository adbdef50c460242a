package dev.recount.spring;

import dev.recount.log.Notification;
import dev.recount.log.NotificationLog;
import dev.recount.process.ProcessSystem;
import dev.recount.process.Runner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How far each follower of a running {@link Runner} is behind each of its upstream logs, in events:
 * from the first notification it follows and has not processed to the upstream log's head. A
 * follower that follows only some topics is not behind for the others' events after its position.
 */
final class FollowerLag {
  /** One follower against one upstream: the ids it processed up to, the head, and the lag. */
  record Lag(String follower, String upstream, long position, long head, long lag) {}

  private FollowerLag() {}

  /**
   * The lag of every follower of {@code runner} against each upstream, in the system's order.
   *
   * @throws IllegalStateException if the runner is not running
   */
  static List<Lag> of(Runner runner) {
    ProcessSystem system = runner.system();
    List<Lag> lags = new ArrayList<>();
    for (String follower : system.names()) {
      if (system.leaders(follower).isEmpty()) {
        continue;
      }
      for (Map.Entry<String, Long> position : runner.positions(follower).entrySet()) {
        String upstream = position.getKey();
        NotificationLog log = runner.application(upstream).log();
        lags.add(
            lag(follower, upstream, log, position.getValue(), system.topics(upstream, follower)));
      }
    }
    return lags;
  }

  private static Lag lag(
      String follower, String upstream, NotificationLog log, long position, Set<String> topics) {
    // The first pending notification before the head: read the other way round, a save in
    // between could put the pending one after the head read.
    List<Notification> pending = log.select(position + 1, 1, topics);
    long head = Math.max(log.maxId(), position);
    long lag = pending.isEmpty() ? 0 : Math.max(0, head - pending.get(0).id() + 1);
    return new Lag(follower, upstream, position, head, lag);
  }
}
