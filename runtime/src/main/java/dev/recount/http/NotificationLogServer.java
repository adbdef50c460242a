package dev.recount.http;

import dev.recount.Application;
import dev.recount.log.NotificationLog;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * Serves an application's notification log as JSON over HTTP/1.1, so that a projection or another
 * application in another JVM can follow it ({@link RemoteNotificationLog}).
 *
 * <ul>
 *   <li>{@code GET /notifications?from=1&limit=100[&topic=...][&signed=true]}: a page of stored
 *       records, with links to the next and previous pages and the newest signed checkpoint of the
 *       log; {@code limit} is at most {@value NotificationLog#MAX_LIMIT}. With {@code signed=true},
 *       also the signed checkpoints covering the page's ids, for a follower that verifies them.
 *   <li>{@code GET /notifications/max}: {@code {"max_id": n}}.
 * </ul>
 *
 * <p>Bad requests get a 400 with a message; records leave as stored (encrypted, if they are), so
 * the server holds no key.
 *
 * <p>The server is small and bounded: at most {@link Builder#maxConnections} connections at once
 * (one thread each; a connection beyond the limit is closed at once), a request head of at most 8
 * KiB that must arrive whole, TLS handshake included, within {@link Builder#requestTimeout} (as
 * must the response be taken), and a kept-alive connection closed after {@link Builder#idleTimeout}
 * without a request. So a client that opens connections and dribbles bytes holds a connection for
 * one request timeout at most, and never more than the limit. It listens on the loopback interface
 * unless told otherwise, speaks TLS when given an {@link SSLContext}, and asks for a bearer token
 * when given one. (The JDK's {@code com.sun.net.httpserver} could only be bounded through JVM-wide
 * system properties, read once: see docs/NOTIFICATIONS.md.)
 */
public final class NotificationLogServer implements AutoCloseable {
  private static final String PATH = "/notifications";
  private static final int MAX_HEAD = 8 * 1024;
  private static final long TICK_MILLIS = 50;

  private final LogResource resource;
  private final ServerSocket socket;
  private final boolean tls;
  private final long requestNanos;
  private final long idleNanos;
  private final Semaphore slots;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final ExecutorService workers;
  private final ScheduledExecutorService watchdog;
  private final Thread acceptor;
  private volatile boolean closed;

  private NotificationLogServer(Builder builder) {
    this.resource = new LogResource(builder.application, builder.bearerToken);
    this.tls = builder.sslContext != null;
    this.requestNanos = builder.requestTimeout.toNanos();
    this.idleNanos = builder.idleTimeout.toNanos();
    this.slots = new Semaphore(builder.maxConnections);
    try {
      this.socket = tls
          ? builder.sslContext.getServerSocketFactory().createServerSocket()
          : new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(builder.address, 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + builder.address, e);
    }
    this.workers =
        Executors.newCachedThreadPool(runnable -> daemon(runnable, "recount-log-server"));
    this.watchdog = Executors.newSingleThreadScheduledExecutor(
        runnable -> daemon(runnable, "recount-log-server-watchdog"));
    watchdog.scheduleWithFixedDelay(
        this::closeOverdue, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    this.acceptor = daemon(this::accept, "recount-log-server-acceptor");
    acceptor.start();
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  /**
   * Starts serving {@code application}'s log over plain HTTP on the loopback interface (127.0.0.1),
   * on a free port, without a token: for followers on the same machine.
   */
  public static NotificationLogServer start(Application application) {
    return builder(application).start();
  }

  /**
   * Starts serving {@code application}'s log over plain HTTP at {@code address} (port 0: any free
   * port), without a token. An address other than a loopback one serves whoever can reach it: see
   * {@link Builder#address}.
   *
   * @throws java.io.UncheckedIOException if the address cannot be bound
   */
  public static NotificationLogServer start(Application application, InetSocketAddress address) {
    return builder(application).address(address).start();
  }

  /** A server of {@code application}'s log, configured step by step; see {@link Builder}. */
  public static Builder builder(Application application) {
    return new Builder(application);
  }

  /** The settings of a {@link NotificationLogServer}; each has a safe default. */
  public static final class Builder {
    private final Application application;
    private InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private SSLContext sslContext;
    private String bearerToken;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofSeconds(30);
    private int maxConnections = 32;

    private Builder(Application application) {
      this.application = Objects.requireNonNull(application, "application");
    }

    /**
     * Where to listen; by default the loopback interface (127.0.0.1) on a free port. Any other
     * address is reachable from other machines: give it a {@link #tls TLS} context and a
     * {@link #bearerToken token}, or put the server behind a reverse proxy that does both.
     */
    public Builder address(InetSocketAddress address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /** Speaks HTTPS with this context's key and certificate (by default plain HTTP). */
    public Builder tls(SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      return this;
    }

    /**
     * Answers only requests with {@code Authorization: Bearer <token>} (others get a 401); by
     * default none is asked for. The token is compared in constant time; send it over TLS only.
     */
    public Builder bearerToken(String token) {
      this.bearerToken = Objects.requireNonNull(token, "token");
      return this;
    }

    /**
     * How long a client has to send a whole request head (and finish the TLS handshake) once it has
     * connected or started a request, and to take the whole response; 10 s by default.
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /** How long a kept-alive connection may wait for its next request; 30 s by default. */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positive(timeout, "idleTimeout");
      return this;
    }

    /**
     * How many connections are served at once (one thread each); 32 by default. A connection beyond
     * the limit is closed as soon as it is accepted, and a client may try again.
     */
    public Builder maxConnections(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConnections " + max + " is below 1");
      }
      this.maxConnections = max;
      return this;
    }

    /**
     * Starts serving.
     *
     * @throws java.io.UncheckedIOException if the address cannot be bound
     */
    public NotificationLogServer start() {
      return new NotificationLogServer(this);
    }

    private static Duration positive(Duration timeout, String name) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException(name + " " + timeout + " is not positive");
      }
      return timeout;
    }
  }

  /** The base URI of the log, such as {@code http://127.0.0.1:8080/notifications}. */
  public URI uri() {
    InetAddress address = socket.getInetAddress();
    String host = address.getHostAddress();
    if (address instanceof Inet6Address) {
      int zone = host.indexOf('%');
      host = "[" + (zone < 0 ? host : host.substring(0, zone)) + "]";
    }
    return URI.create((tls ? "https://" : "http://") + host + ":" + socket.getLocalPort() + PATH);
  }

  // ---- connections ----------------------------------------------------------------------------

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        pause(); // such as too many open files: wait rather than spin
        continue;
      }
      if (!slots.tryAcquire()) {
        quietly(client); // full: the slow and the flooding wait for nobody's thread
        continue;
      }
      Connection connection = new Connection(client);
      connections.add(connection);
      try {
        workers.execute(connection);
      } catch (RuntimeException e) { // closing
        connection.close();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(TICK_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeOverdue() {
    long now = System.nanoTime();
    for (Connection connection : connections) {
      if (now - connection.deadline > 0) {
        connection.close();
      }
    }
  }

  private static void quietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // nothing more to do with it
    }
  }

  /** One client connection: requests one after another, each within its deadlines. */
  private final class Connection implements Runnable {
    private final Socket client;
    /** When the watchdog closes the connection (System.nanoTime); far off while a page is read. */
    private volatile long deadline;

    private boolean released;

    Connection(Socket client) {
      this.client = client;
      this.deadline = System.nanoTime() + requestNanos;
    }

    @Override
    public void run() {
      try {
        client.setTcpNoDelay(true); // otherwise each page waits for a delayed acknowledgement
        InputStream in = new BufferedInputStream(client.getInputStream(), 4096);
        OutputStream out = client.getOutputStream();
        boolean first = true;
        while (!closed) {
          if (!first) {
            // Idle until the first byte of the next request, then the request timeout.
            deadline = System.nanoTime() + idleNanos;
            in.mark(1);
            if (in.read() < 0) {
              return;
            }
            in.reset();
          }
          deadline = System.nanoTime() + requestNanos;
          first = false;
          Request request = Request.read(in);
          if (request == null) {
            return; // closed between requests
          }
          if (!serve(request, out)) {
            return;
          }
        }
      } catch (IOException | RuntimeException e) {
        // A client that went away, broke the protocol or was too slow: nothing to tell it.
      } finally {
        close();
      }
    }

    /** Answers one request; whether the connection may carry another. */
    private boolean serve(Request request, OutputStream out) throws IOException {
      LogResource.Response response;
      boolean keepAlive = request.keepAlive;
      if (request.problem != null) {
        response = new LogResource.Response(400, NotificationPages.error(request.problem));
        keepAlive = false;
      } else {
        deadline = Long.MAX_VALUE / 2 + System.nanoTime(); // the database takes its time
        response = resource.handle(
            request.method, PATH, request.path, request.rawQuery, request.authorization);
        if (request.hasBody) {
          keepAlive = false; // its body is not read
        }
      }
      deadline = System.nanoTime() + requestNanos;
      StringBuilder head = new StringBuilder(160)
          .append("HTTP/1.1 ")
          .append(response.status())
          .append(' ')
          .append(reason(response.status()))
          .append("\r\n")
          .append("Content-Type: application/json\r\n")
          .append("Content-Length: ")
          .append(response.body().length)
          .append("\r\n")
          .append("Cache-Control: no-store\r\n");
      if (response.challenge()) {
        head.append("WWW-Authenticate: Bearer realm=\"recount\"\r\n");
      }
      if (response.methodNotAllowed()) {
        head.append("Allow: GET\r\n");
      }
      if (!keepAlive) {
        head.append("Connection: close\r\n");
      }
      head.append("\r\n");
      // One write: a head and a body written apart wait for a delayed acknowledgement (40 ms).
      byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
      byte[] whole = new byte[headBytes.length + response.body().length];
      System.arraycopy(headBytes, 0, whole, 0, headBytes.length);
      System.arraycopy(response.body(), 0, whole, headBytes.length, response.body().length);
      out.write(whole);
      out.flush();
      return keepAlive;
    }

    void close() {
      quietly(client);
      synchronized (this) {
        if (released) {
          return;
        }
        released = true;
      }
      connections.remove(this);
      slots.release();
    }
  }

  private static String reason(int status) {
    switch (status) {
      case 200:
        return "OK";
      case 400:
        return "Bad Request";
      case 401:
        return "Unauthorized";
      case 404:
        return "Not Found";
      case 405:
        return "Method Not Allowed";
      case 503:
        return "Service Unavailable";
      default:
        return "Status";
    }
  }

  /** A request head, read with limits; {@code problem} set if it is not one this server takes. */
  private static final class Request {
    String method;
    String path;
    String rawQuery;
    String authorization;
    boolean keepAlive = true;
    boolean hasBody;
    String problem;

    /** Reads a request head; {@code null} if the stream ends before its first byte. */
    static Request read(InputStream in) throws IOException {
      int[] budget = {MAX_HEAD};
      String requestLine = line(in, budget);
      if (requestLine == null) {
        return null;
      }
      Request request = new Request();
      String[] parts = requestLine.split(" ", -1);
      if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP/1.x request line");
      }
      request.method = parts[0];
      if (parts[2].equals("HTTP/1.0")) {
        request.keepAlive = false;
      }
      String line;
      while (!(line = Objects.requireNonNullElse(line(in, budget), "")).isEmpty()) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new IOException("a header line without a name");
        }
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).trim();
        switch (name) {
          case "authorization":
            request.authorization = value;
            break;
          case "connection":
            if (value.toLowerCase(Locale.ROOT).contains("close")) {
              request.keepAlive = false;
            }
            break;
          case "content-length":
            if (!value.equals("0")) {
              request.hasBody = true;
            }
            break;
          case "transfer-encoding":
            request.hasBody = true;
            break;
          default:
            break;
        }
      }
      try {
        URI target = new URI(parts[1]);
        if (target.getRawPath() == null || !target.getRawPath().startsWith("/")) {
          request.problem = "the request target must be a path such as " + PATH;
        } else {
          request.path = target.getPath();
          request.rawQuery = target.getRawQuery();
        }
      } catch (URISyntaxException e) {
        request.problem = "the request target is not a valid URI: " + e.getMessage();
      }
      return request;
    }

    /** One line, without its CRLF; {@code null} at the end of the stream before any byte. */
    private static String line(InputStream in, int[] budget) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
      while (true) {
        int b = in.read();
        if (b < 0) {
          if (bytes.size() == 0 && budget[0] == MAX_HEAD) {
            return null;
          }
          throw new SocketException("the request head ended early");
        }
        if (--budget[0] < 0) {
          throw new IOException("the request head is longer than " + MAX_HEAD + " bytes");
        }
        if (b == '\n') {
          int size = bytes.size();
          byte[] line = bytes.toByteArray();
          return new String(
              line,
              0,
              size > 0 && line[size - 1] == '\r' ? size - 1 : size,
              StandardCharsets.ISO_8859_1);
        }
        bytes.write(b);
      }
    }
  }

  /** Stops serving; requests in progress are cut off. */
  @Override
  public void close() {
    closed = true;
    quietly(socket);
    for (Connection connection : connections) {
      connection.close();
    }
    watchdog.shutdownNow();
    workers.shutdownNow();
    try {
      acceptor.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
