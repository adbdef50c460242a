package dev.recount.process;

import dev.recount.log.Notification;
import dev.recount.log.NotificationLog;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** Whether a follower has processed a leader's log up to a position, and waiting until it has. */
final class Progress {
  private Progress() {}

  /**
   * Whether a follower at {@code tracked} (the last notification it processed) has processed every
   * notification of {@code topics} (empty: all) up to {@code position}: there is none it follows
   * after its position and up to {@code position}, and {@code position} is visible in the log (so
   * no smaller id can still appear).
   */
  static boolean processed(
      NotificationLog leader, long tracked, Set<String> topics, long position) {
    if (tracked >= position) {
      return true;
    }
    // The visible head first: once it has reached position, every id up to it is visible, so a
    // select that then finds nothing after tracked cannot have missed one still in flight. (Asked
    // the other way round, a block committing between the two reads made it say yes too early.)
    if (leader.maxId() < position) {
      return false;
    }
    List<Notification> next = leader.select(tracked + 1, 1, topics);
    return next.isEmpty() || next.get(0).id() > position;
  }

  /**
   * Waits until {@code done} says so, asking again after 1 ms, then less and less often (at most
   * every 50 ms); false if {@code timeout} passed first.
   */
  static boolean await(BooleanSupplier done, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 1;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      Thread.sleep(pause);
      pause = Math.min(50, pause * 2);
    }
    return true;
  }
}
