package dev.recount.http;

import dev.recount.Checkpoint;
import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import dev.recount.http.RefusedNotificationPage.Problem;
import dev.recount.internal.Internal;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLog;
import dev.recount.store.EventStore;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * The notification log of an application in another process, read over HTTP from its
 * {@link NotificationLogServer} (or a {@link NotificationLogServlet}). Records arrive as stored;
 * this side checks each one's hash and decodes it with its own codecs and {@code CIPHER_KEY}, so
 * the follower needs the event classes and the key, and the server needs neither.
 *
 * <p>Each page is checked before anything in it is decoded: ids must be strictly increasing, none
 * below the position asked for nor above the log's max id, and, where the log's ids have no gaps
 * (H2, MariaDB) and no topics are selected, none may be missing. A page that fails is a
 * {@link RefusedNotificationPage}. Whether ids may have gaps is this follower's setting
 * ({@link Builder#gapFree}, by default taken from the database named in its settings); a page must
 * also say so itself, and a page that says "gaps" to a follower told "no gaps" is refused, so
 * nothing on the way can switch the check off. Hashes are not keyed: only a {@code CIPHER_KEY}
 * (whose authenticated encryption binds each record to its aggregate and version) or TLS keeps an
 * intermediary from substituting a record (with a key, an unencrypted record is refused); see
 * docs/NOTIFICATIONS.md.
 *
 * <p>Given the leader's verifying key ({@link Builder#verifyingKey}), the follower also checks each
 * page against the leader's signed checkpoints, which the pages carry: up to the newest checkpoint,
 * every id must hold exactly the event the leader signed, whoever served the page, so that
 * substituted, dropped, inserted and reordered events are refused as
 * {@link RefusedNotificationPage.Problem#NOT_AS_SIGNED}, naming the id. Events after the newest
 * checkpoint ({@link #checkpointedUpTo}) are checked as without a key.
 */
public final class RemoteNotificationLog implements NotificationLog {
  private final URI base;
  private final Function<StoredEvent, Notification> decoder;
  private final HttpClient http;
  private final String authorization;
  private final boolean gapFree;
  private final SignedPages signed;
  private final AtomicLong highestRead = new AtomicLong();

  private RemoteNotificationLog(Builder builder) {
    this.base = builder.uri;
    this.decoder = EventStore.notificationDecoder(builder.settings);
    HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (builder.sslContext != null) {
      http.sslContext(builder.sslContext);
    }
    this.http = http.build();
    this.authorization = builder.bearerToken == null ? null : "Bearer " + builder.bearerToken;
    this.gapFree = builder.gapFree != null
        ? builder.gapFree
        : LogResource.gapFree(EventStore.address(builder.settings).url());
    if (builder.trustedCheckpoint != null && builder.verifyingKey == null) {
      throw new IllegalArgumentException(
          "a trusted checkpoint needs the verifying key of its signer (verifyingKey)");
    }
    this.signed = builder.verifyingKey == null
        ? null
        : new SignedPages(
            EventStore.verifyingKey("verifying key", builder.verifyingKey),
            builder.trustedCheckpoint == null ? null : Checkpoint.parse(builder.trustedCheckpoint));
  }

  /**
   * Follows the log at {@code uri} (such as {@code http://host:8080/notifications}), decoding with
   * the {@code CIPHER_KEY} and {@code HASH_CHAIN} of this process's environment.
   */
  public static RemoteNotificationLog connect(URI uri) {
    return builder(uri).build();
  }

  /**
   * Follows the log at {@code uri}, decoding with the {@code CIPHER_KEY} and {@code HASH_CHAIN}
   * given; best given the leader's own settings, whose {@code DB_URI} tells whether its ids may
   * have gaps.
   */
  public static RemoteNotificationLog connect(URI uri, Map<String, String> settings) {
    return builder(uri).settings(settings).build();
  }

  /** A follower of the log at {@code uri}, configured step by step; see {@link Builder}. */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  /** The settings of a {@link RemoteNotificationLog}. */
  public static final class Builder {
    private final URI uri;
    private Map<String, String> settings = System.getenv();
    private SSLContext sslContext;
    private String bearerToken;
    private Boolean gapFree;
    private String verifyingKey;
    private String trustedCheckpoint;

    private Builder(URI uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
    }

    /**
     * The {@code CIPHER_KEY}, {@code COMPRESSOR} and {@code HASH_CHAIN} to decode with, and the
     * {@code DB_URI} that says whether the log's ids may have gaps; by default this process's
     * environment. Best the leader's own settings.
     */
    public Builder settings(Map<String, String> settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Trusts the server's certificate by this context (by default the JDK's trust store). */
    public Builder tls(SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      return this;
    }

    /** Sends {@code Authorization: Bearer <token>} with every request. */
    public Builder bearerToken(String token) {
      this.bearerToken = Objects.requireNonNull(token, "token");
      return this;
    }

    /**
     * Whether the leader's ids have no gaps (true for H2 and MariaDB, false for PostgreSQL), so
     * that a missing id is refused; by default taken from the {@code DB_URI} of the
     * {@link #settings} (none: H2).
     */
    public Builder gapFree(boolean gapFree) {
      this.gapFree = gapFree;
      return this;
    }

    /**
     * The leader's verifying key (base64, as {@code SigningKeys.generate()} gives it): every page
     * is then checked against the leader's signed checkpoints, up to the newest one.
     */
    public Builder verifyingKey(String verifyingKey) {
      this.verifyingKey = Objects.requireNonNull(verifyingKey, "verifyingKey");
      return this;
    }

    /**
     * A checkpoint line of the leader's log ({@code Checkpoint.line()}) kept where the leader's
     * server cannot reach: the follower then refuses a log that does not reach it, or whose signed
     * chain does not pass through it. Needs {@link #verifyingKey}.
     *
     * @throws IllegalArgumentException at {@link #build} if it is not a checkpoint line, or does
     *     not verify with the key
     */
    public Builder trustedCheckpoint(String line) {
      this.trustedCheckpoint = Objects.requireNonNull(line, "line");
      return this;
    }

    /** The follower; it connects on its first read. */
    public RemoteNotificationLog build() {
      return new RemoteNotificationLog(this);
    }
  }

  @Override
  public List<Notification> select(long fromId, int limit, Set<String> topics) {
    List<StoredEvent> records = records(fromId, limit, topics);
    List<Notification> notifications = new ArrayList<>(records.size());
    for (StoredEvent record : records) {
      notifications.add(decoder.apply(record));
    }
    return notifications;
  }

  /** The record as the leader served it, checked like a page's records are before decoding. */
  @Override
  public Optional<StoredEvent> record(long id) {
    List<StoredEvent> page = records(id, 1, Set.of());
    return page.isEmpty() || page.get(0).notificationId() != id
        ? Optional.empty()
        : Optional.of(page.get(0));
  }

  private List<StoredEvent> records(long fromId, int limit, Set<String> topics) {
    Internal.checkSelection(fromId, limit);
    StringBuilder query =
        new StringBuilder("?from=").append(fromId).append("&limit=").append(limit);
    for (String topic : topics) {
      query.append("&topic=").append(URLEncoder.encode(topic, StandardCharsets.UTF_8));
    }
    if (signed != null) {
      query.append("&signed=true");
    }
    URI uri = URI.create(base + query.toString());
    NotificationPages.Page page;
    try {
      page = NotificationPages.read(get(uri));
    } catch (IOException e) {
      throw new PersistenceError("the notification page from " + base + " is not valid JSON", e);
    }
    check(uri, page, fromId, limit, topics.isEmpty());
    return page.items();
  }

  /**
   * The notification id up to which the newest signed checkpoint this follower has seen (or was
   * given as trusted) covers the log: every event read up to it was proven to be the one the leader
   * signed at its id. 0 without a verifying key, or before any checkpoint was seen.
   */
  public long checkpointedUpTo() {
    return signed == null ? 0 : signed.checkpointedUpTo();
  }

  private void check(
      URI uri, NotificationPages.Page page, long fromId, int limit, boolean allTopics) {
    String where = "the notification page " + uri + " is refused: ";
    if (page.gapFree() == null) {
      throw new RefusedNotificationPage(
          Problem.GAP_FREE_MISMATCH,
          0,
          where + "it does not say" + " whether the log's ids may have gaps (no \"gap_free\")");
    }
    if (gapFree && !page.gapFree()) {
      throw new RefusedNotificationPage(
          Problem.GAP_FREE_MISMATCH,
          0,
          where + "it says the log's"
              + " ids may have gaps, and this follower was told they have none; if the leader's"
              + " database is PostgreSQL, give the follower the leader's DB_URI or gapFree(false)");
    }
    boolean contiguous = (gapFree || page.gapFree()) && allTopics;
    long previous = fromId - 1;
    for (StoredEvent item : page.items()) {
      long id = item.notificationId();
      if (id < fromId) {
        throw new RefusedNotificationPage(
            Problem.BEFORE_FROM,
            id,
            where + "id " + id + " is below the position asked for, " + fromId);
      }
      if (id <= previous) {
        throw new RefusedNotificationPage(
            Problem.NOT_INCREASING,
            id,
            where + "id " + id + " follows id " + previous
                + (id == previous ? " (repeated)" : " (out of order)"));
      }
      if (contiguous && id != previous + 1) {
        throw new RefusedNotificationPage(
            Problem.MISSING,
            previous + 1,
            where + "id "
                + (previous + 1) + " is missing (the page goes from "
                + (previous < fromId ? "its" + " start" : "id " + previous) + " to id " + id
                + "), and the log's ids have no gaps");
      }
      if (id > page.maxId()) {
        throw new RefusedNotificationPage(
            Problem.BEYOND_MAX,
            id,
            where + "id " + id + " is beyond the log's max id " + page.maxId());
      }
      previous = id;
    }
    long highest = highestRead.get();
    if (page.maxId() < highest) {
      throw new RefusedNotificationPage(
          Problem.BEYOND_MAX,
          highest,
          where + "the log's max id " + page.maxId() + " is below id " + highest
              + ", already read");
    }
    if (signed != null) {
      signed.check(where, page, fromId, limit, allTopics);
    }
    highestRead.accumulateAndGet(previous, Math::max);
  }

  @Override
  public long maxId() {
    long max;
    try {
      max = NotificationPages.readMax(get(URI.create(base + "/max")));
    } catch (IOException e) {
      throw new PersistenceError("the answer of " + base + "/max is not valid JSON", e);
    }
    long highest = highestRead.get();
    if (max < highest) {
      throw new RefusedNotificationPage(
          Problem.BEYOND_MAX,
          highest,
          "the max id " + max + " from " + base + "/max is below id " + highest + ", already read");
    }
    return max;
  }

  private byte[] get(URI uri) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
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
    if (response.statusCode() == 401) {
      throw new PersistenceError(
          "the notification log at " + uri + " answered 401: "
              + (authorization == null
                  ? "it asks for a bearer token, and none was configured"
                  : "the bearer token is wrong"),
          new IOException(new String(response.body(), StandardCharsets.UTF_8)));
    }
    if (response.statusCode() != 200) {
      throw new PersistenceError(
          "the notification log at " + uri + " answered " + response.statusCode(),
          new IOException(new String(response.body(), StandardCharsets.UTF_8)));
    }
    return response.body();
  }
}
