package dev.recount.http;

import dev.recount.internal.Internal;
import dev.recount.Application;
import dev.recount.RecountException;
import dev.recount.StoredEvent;
import dev.recount.log.NotificationLog;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves an application's notification log as JSON over HTTP, with the JDK's HTTP server, so that
 * a projection or another application in another JVM can follow it ({@link
 * RemoteNotificationLog}).
 *
 * <ul>
 *   <li>{@code GET /notifications?from=1&limit=100[&topic=...]}: a page of stored records, with
 *       links to the next and previous pages; {@code limit} is at most {@value
 *       NotificationLog#MAX_LIMIT}.
 *   <li>{@code GET /notifications/max}: {@code {"max_id": n}}.
 * </ul>
 *
 * <p>Bad requests get a 400 with a message; records leave as stored (encrypted, if they are), so
 * the server holds no key.
 */
public final class NotificationLogServer implements AutoCloseable {
  private static final String PATH = "/notifications";

  static {
    // The JDK's server leaves Nagle's algorithm on, so with the client's delayed acknowledgements
    // each response waited about 40 ms: a follower reading page after page crawled. The setting
    // is read once, when the JDK's server is first used; an application's own choice stands.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Application application;
  private final HttpServer server;
  private final ExecutorService executor;

  private NotificationLogServer(Application application, HttpServer server,
      ExecutorService executor) {
    this.application = application;
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving {@code application}'s log at {@code address} (port 0: any free port).
   *
   * @throws java.io.UncheckedIOException if the address cannot be bound
   */
  public static NotificationLogServer start(Application application, InetSocketAddress address) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 64);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot listen on " + address, e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
      Thread thread = new Thread(runnable, "recount-log-server");
      thread.setDaemon(true);
      return thread;
    });
    NotificationLogServer logServer = new NotificationLogServer(application, server, executor);
    server.createContext(PATH, logServer::handle);
    server.setExecutor(executor);
    server.start();
    return logServer;
  }

  /** The base URI of the log, such as {@code http://127.0.0.1:8080/notifications}. */
  public URI uri() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort() + PATH);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        send(exchange, 405, NotificationPages.error("only GET is supported"));
        return;
      }
      String path = exchange.getRequestURI().getPath();
      try {
        if (path.equals(PATH + "/max")) {
          send(exchange, 200, NotificationPages.max(application.log().maxId()));
        } else if (path.equals(PATH) || path.equals(PATH + "/")) {
          send(exchange, 200, page(exchange.getRequestURI()));
        } else {
          send(exchange, 404, NotificationPages.error("no such resource: " + path
              + "; use " + PATH + "?from=1&limit=100 or " + PATH + "/max"));
        }
      } catch (IllegalArgumentException e) {
        send(exchange, 400, NotificationPages.error(e.getMessage()));
      } catch (RecountException e) {
        send(exchange, 503, NotificationPages.error(e.getMessage()));
      }
    }
  }

  private byte[] page(URI uri) {
    long from = 1;
    int limit = 100;
    Set<String> topics = new LinkedHashSet<>();
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
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
              throw new IllegalArgumentException("limit " + value + " is out of range 1.."
                  + NotificationLog.MAX_LIMIT);
            }
            limit = (int) requested;
            break;
          case "topic":
            topics.add(value);
            break;
          default:
            throw new IllegalArgumentException("unknown parameter '" + name
                + "'; use from, limit and topic");
        }
      }
    }
    Internal.checkSelection(from, limit);
    List<StoredEvent> items = Internal.applications().store(application)
        .storedNotifications(from, limit, topics);
    long last = items.isEmpty() ? from - 1 : items.get(items.size() - 1).notificationId();
    String topicQuery = topicQuery(topics);
    String next = PATH + "?from=" + (last + 1) + "&limit=" + limit + topicQuery;
    String previous = from <= 1 ? null
        : PATH + "?from=" + Math.max(1, from - limit) + "&limit=" + limit + topicQuery;
    return NotificationPages.write(from, limit, application.log().maxId(), items, next, previous);
  }

  private static String topicQuery(Set<String> topics) {
    StringBuilder query = new StringBuilder();
    for (String topic : topics) {
      query.append("&topic=").append(java.net.URLEncoder.encode(topic, StandardCharsets.UTF_8));
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

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Stops serving; requests in progress are cut off. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
