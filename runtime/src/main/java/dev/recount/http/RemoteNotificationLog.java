package dev.recount.http;

import dev.recount.internal.Internal;
import dev.recount.store.EventStore;
import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLog;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The notification log of an application in another process, read over HTTP from its {@link
 * NotificationLogServer}. Records arrive as stored; this side checks each one's hash and decodes
 * it with its own codecs and {@code CIPHER_KEY}, so the follower needs the event classes and the
 * key, and the server needs neither.
 */
public final class RemoteNotificationLog implements NotificationLog {
  private final URI base;
  private final Function<StoredEvent, Notification> decoder;
  private final HttpClient http;

  private RemoteNotificationLog(URI base, Map<String, String> settings) {
    this.base = base;
    this.decoder = EventStore.notificationDecoder(settings);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * Follows the log at {@code uri} (such as {@code http://host:8080/notifications}), decoding with
   * the {@code CIPHER_KEY} and {@code HASH_CHAIN} of this process's environment.
   */
  public static RemoteNotificationLog connect(URI uri) {
    return connect(uri, System.getenv());
  }

  /** Follows the log at {@code uri}, decoding with the {@code CIPHER_KEY} and {@code HASH_CHAIN} given. */
  public static RemoteNotificationLog connect(URI uri, Map<String, String> settings) {
    return new RemoteNotificationLog(uri, settings);
  }

  @Override
  public List<Notification> select(long fromId, int limit, Set<String> topics) {
    Internal.checkSelection(fromId, limit);
    StringBuilder query = new StringBuilder("?from=").append(fromId).append("&limit=")
        .append(limit);
    for (String topic : topics) {
      query.append("&topic=").append(URLEncoder.encode(topic, StandardCharsets.UTF_8));
    }
    NotificationPages.Page page;
    try {
      page = NotificationPages.read(get(URI.create(base + query.toString())));
    } catch (IOException e) {
      throw new PersistenceError("the notification page from " + base + " is not valid JSON", e);
    }
    List<Notification> notifications = new ArrayList<>(page.items().size());
    for (StoredEvent record : page.items()) {
      notifications.add(decoder.apply(record));
    }
    return notifications;
  }

  @Override
  public long maxId() {
    try {
      return NotificationPages.readMax(get(URI.create(base + "/max")));
    } catch (IOException e) {
      throw new PersistenceError("the answer of " + base + "/max is not valid JSON", e);
    }
  }

  private byte[] get(URI uri) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new PersistenceError("cannot read the notification log at " + uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PersistenceError("interrupted while reading " + uri, e);
    }
    if (response.statusCode() == 400) {
      throw new IllegalArgumentException("the notification log at " + uri + " refused the request: "
          + new String(response.body(), StandardCharsets.UTF_8));
    }
    if (response.statusCode() != 200) {
      throw new PersistenceError("the notification log at " + uri + " answered "
          + response.statusCode(), new IOException(new String(response.body(),
              StandardCharsets.UTF_8)));
    }
    return response.body();
  }
}
