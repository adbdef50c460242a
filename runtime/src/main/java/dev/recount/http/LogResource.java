package dev.recount.http;

import dev.recount.Application;
import dev.recount.Checkpoint;
import dev.recount.RecountException;
import dev.recount.StoredEvent;
import dev.recount.internal.Internal;
import dev.recount.internal.StoredCheckpoint;
import dev.recount.log.NotificationLog;
import dev.recount.store.EventStore;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The notification log as a resource, whatever carries the requests: {@link NotificationLogServer}
 * and {@link NotificationLogServlet} both hand each request here and send back what it answers.
 */
final class LogResource {
  private final Application application;
  private final byte[] tokenDigest;
  private final boolean gapFree;

  /** A response: the status, the JSON body, and whether it asks for a bearer token. */
  record Response(int status, byte[] body) {
    boolean challenge() {
      return status == 401;
    }

    boolean methodNotAllowed() {
      return status == 405;
    }
  }

  /**
   * @param bearerToken the token a request must bring as {@code Authorization: Bearer <token>};
   *     {@code null} for none
   */
  LogResource(Application application, String bearerToken) {
    if (bearerToken != null
        && (bearerToken.isBlank()
            || !bearerToken.strip().equals(bearerToken)
            || bearerToken.chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
      throw new IllegalArgumentException("a bearer token must be printable ASCII without spaces");
    }
    this.application = application;
    this.tokenDigest = bearerToken == null ? null : sha256("Bearer " + bearerToken);
    EventStore store = Internal.applications().store(application);
    this.gapFree = gapFree(store.address().url());
  }

  /**
   * Whether the notification ids of a database at {@code url} have no gaps: H2 takes the next id
   * from the table inside the inserting transaction, so a failed save leaves no hole; the sequences
   * of PostgreSQL and MariaDB burn the ids of a save that rolled back, and other databases are not
   * known.
   *
   * @param url a JDBC URL, or {@code null} for a private in-memory H2 database
   */
  static boolean gapFree(String url) {
    return url == null || url.startsWith("jdbc:h2:");
  }

  /**
   * Answers one request.
   *
   * @param base the path the log is mounted at, such as {@code /notifications}
   * @param path the request's path (decoded)
   * @param rawQuery the query as sent, or {@code null}
   * @param authorization the {@code Authorization} header, or {@code null}
   */
  Response handle(String method, String base, String path, String rawQuery, String authorization) {
    if (tokenDigest != null && !authorized(authorization)) {
      return new Response(
          401,
          NotificationPages.error("a bearer token is required"
              + " (Authorization: Bearer <token>), and this one is missing or wrong"));
    }
    if (!method.equals("GET")) {
      return new Response(405, NotificationPages.error("only GET is supported"));
    }
    try {
      if (path.equals(base + "/max")) {
        return new Response(200, NotificationPages.max(application.log().maxId()));
      } else if (path.equals(base) || path.equals(base + "/")) {
        return new Response(200, page(base, rawQuery));
      } else {
        return new Response(
            404,
            NotificationPages.error("no such resource: " + path + "; use " + base
                + "?from=1&limit=100 or " + base + "/max"));
      }
    } catch (IllegalArgumentException e) {
      return new Response(400, NotificationPages.error(e.getMessage()));
    } catch (RecountException e) {
      return new Response(503, NotificationPages.error(e.getMessage()));
    }
  }

  /** Compares digests, so that the time taken says nothing about the token, not even its length. */
  private boolean authorized(String authorization) {
    return authorization != null && MessageDigest.isEqual(tokenDigest, sha256(authorization));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private byte[] page(String base, String rawQuery) {
    long from = 1;
    int limit = 100;
    boolean signed = false;
    Set<String> topics = new LinkedHashSet<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        int equals = pair.indexOf('=');
        String name = decode(equals < 0 ? pair : pair.substring(0, equals));
        String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
        switch (name) {
          case "from":
            from = number(name, value);
            break;
          case "limit":
            long requested = number(name, value);
            if (requested < 1 || requested > NotificationLog.MAX_LIMIT) {
              throw new IllegalArgumentException(
                  "limit " + value + " is out of range 1.." + NotificationLog.MAX_LIMIT);
            }
            limit = (int) requested;
            break;
          case "topic":
            topics.add(value);
            break;
          case "signed":
            signed = Boolean.parseBoolean(value);
            break;
          default:
            throw new IllegalArgumentException(
                "unknown parameter '" + name + "'; use from, limit, topic and signed");
        }
      }
    }
    Internal.checkSelection(from, limit);
    EventStore store = Internal.applications().store(application);
    // The newest checkpoint is read before the items: every event it covers was visible before
    // they were read, so a page shorter than its limit holds each of them from `from` on.
    Checkpoint newest = store.latestCheckpoint();
    List<StoredEvent> items = store.storedNotifications(from, limit, topics);
    long last = items.isEmpty() ? from - 1 : items.get(items.size() - 1).notificationId();
    String topicQuery = topicQuery(topics);
    String next = base + "?from=" + (last + 1) + "&limit=" + limit + topicQuery;
    String previous = from <= 1
        ? null
        : base + "?from=" + Math.max(1, from - limit) + "&limit=" + limit + topicQuery;
    NotificationPages.Signatures signatures = newest == null
        ? NotificationPages.Signatures.NONE
        : signatures(store, newest, from, items.size() == limit ? last : newest.upTo(), signed);
    // max_id is read after the items, so that every item's id is at most max_id.
    return NotificationPages.write(
        from, limit, application.log().maxId(), gapFree, items, next, previous, signatures);
  }

  /**
   * The newest checkpoint, and if asked the checkpoints that cover ids {@code from} to
   * {@code through} (no further than the newest), with the line of the one before them.
   */
  private NotificationPages.Signatures signatures(
      EventStore store, Checkpoint newest, long from, long through, boolean covering) {
    String prefix = store.address().tablePrefix();
    String newestLine = newest.line();
    long until = Math.min(through, newest.upTo());
    if (!covering || from > until) {
      return new NotificationPages.Signatures(newestLine, null, List.of());
    }
    List<NotificationPages.Signed> signed = new ArrayList<>();
    long after = from - 1;
    long start = -1;
    while (after < until) {
      List<StoredCheckpoint> batch = store.storedCheckpoints(after, 100);
      if (batch.isEmpty()) {
        break; // checkpoints deleted under us: the follower names what is missing
      }
      for (StoredCheckpoint checkpoint : batch) {
        if (after >= until) {
          break;
        }
        if (start < 0) {
          start = checkpoint.after();
        }
        signed.add(new NotificationPages.Signed(
            EventStore.checkpointOf(prefix, checkpoint).line(), checkpoint.witness()));
        after = checkpoint.upTo();
      }
    }
    String startLine = null;
    if (start > 0) {
      for (StoredCheckpoint before : store.storedCheckpoints(start - 1, 1)) {
        if (before.upTo() == start) {
          startLine = EventStore.checkpointOf(prefix, before).line();
        }
      }
    }
    return new NotificationPages.Signatures(newestLine, startLine, signed);
  }

  private static String topicQuery(Set<String> topics) {
    StringBuilder query = new StringBuilder();
    for (String topic : topics) {
      query.append("&topic=").append(URLEncoder.encode(topic, StandardCharsets.UTF_8));
    }
    return query.toString();
  }

  private static long number(String name, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " '" + value + "' is not a whole number");
    }
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
