package dev.recount.examples.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A test-only HTTP forwarder on loopback, in front of a notification log server, that rewrites the
 * JSON of each page (a request whose path is the log's own) before passing it on: what a hostile
 * proxy, or an intermediary on a connection without TLS, could do. One request per connection.
 */
final class TamperingProxy implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI upstream;
  private final ServerSocket socket;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Thread acceptor;
  private volatile Consumer<ObjectNode> rewrite = page -> {};

  TamperingProxy(URI upstream) throws IOException {
    this.upstream = upstream;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, "tampering-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The proxy's address for the same log. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + upstream.getPath());
  }

  /** How each page is rewritten from now on. */
  void rewrite(Consumer<ObjectNode> rewrite) {
    this.rewrite = rewrite;
  }

  private void accept() {
    while (!socket.isClosed()) {
      try (Socket client = socket.accept()) {
        client.setSoTimeout(10_000);
        forward(client);
      } catch (IOException | RuntimeException e) {
        // a test client that went away; the next one
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void forward(Socket client) throws IOException, InterruptedException {
    InputStream in = client.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (head.size() < 8192) {
      int b = in.read();
      if (b < 0) {
        return;
      }
      head.write(b);
      String text = head.toString(StandardCharsets.US_ASCII);
      if (text.endsWith("\r\n\r\n")) {
        break;
      }
    }
    String target = head.toString(StandardCharsets.US_ASCII).split(" ")[1];
    URI uri = upstream.resolve(target);
    HttpResponse<byte[]> response = http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    byte[] body = response.body();
    if (response.statusCode() == 200 && uri.getPath().equals(upstream.getPath())) {
      ObjectNode page = (ObjectNode) JSON.readTree(body);
      rewrite.accept(page);
      body = JSON.writeValueAsBytes(page);
    }
    OutputStream out = client.getOutputStream();
    out.write(("HTTP/1.1 " + response.statusCode() + " X\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }

  /**
   * Recomputes an item's hash after its fields were changed, as anyone can: the hash is SHA-256
   * over the record as stored, with no key (the layout of dev.recount.store.Hashes).
   */
  static void rehash(ObjectNode item) {
    try {
      HexFormat hex = HexFormat.of();
      String previousHex = item.path("previous_hash").asText("");
      byte[] previous = previousHex.isEmpty() ? new byte[32] : hex.parseHex(previousHex);
      UUID id = UUID.fromString(item.get("originator_id").asText());
      byte[] topic = item.get("topic").asText().getBytes(StandardCharsets.UTF_8);
      byte[] state = Base64.getDecoder().decode(item.get("state").asText());
      ByteBuffer fields = ByteBuffer.allocate(1 + 32 + 7 * Long.BYTES + topic.length);
      fields
          .put((byte) 'E')
          .put(previous)
          .putLong(id.getMostSignificantBits())
          .putLong(id.getLeastSignificantBits())
          .putLong(item.get("originator_version").asLong())
          .putLong(topic.length)
          .put(topic)
          .putLong(item.get("timestamp_us").asLong())
          .putLong(0)
          .putLong(state.length);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(fields.array());
      sha.update(state);
      item.put("hash", hex.formatHex(sha.digest()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    try {
      acceptor.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
