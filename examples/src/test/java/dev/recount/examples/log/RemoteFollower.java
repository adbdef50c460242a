package dev.recount.examples.log;

import dev.recount.http.RemoteNotificationLog;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLogReader;
import java.net.URI;
import java.util.Map;

/**
 * A follower in its own JVM: reads the remote log at args[0] with the key args[1] until it has seen
 * args[2] notifications, printing "id originator-version topic" per line.
 */
public final class RemoteFollower {
  private RemoteFollower() {}

  public static void main(String[] args) throws InterruptedException {
    RemoteNotificationLog log =
        RemoteNotificationLog.connect(URI.create(args[0]), Map.of("CIPHER_KEY", args[1]));
    NotificationLogReader reader = new NotificationLogReader(log).pageSize(10);
    int wanted = Integer.parseInt(args[2]);
    int seen = 0;
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (seen < wanted && System.nanoTime() < deadline) {
      for (Notification notification : reader.read()) {
        System.out.println(notification.id() + " " + notification.originatorVersion() + " "
            + notification.event());
        seen++;
      }
      Thread.sleep(20);
    }
    System.exit(seen == wanted ? 0 : 1);
  }
}
