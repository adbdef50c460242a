package dev.recount;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What is stored beside each event about why and by whom it was stored: the correlation and
 * causation ids, the acting principal, the trace id, and entries of your own. Every event a save
 * stores carries the metadata {@linkplain #current() current} on the saving thread, set for a
 * command with {@link #scope}:
 *
 * <pre>{@code
 * try (Metadata.Scope scope = Metadata.scope(Metadata.empty().withPrincipal(user).withEntry("ip", ip))) {
 *   worlds.save(world);
 * }
 * }</pre>
 *
 * <p>It is stored in the event's own {@code metadata} column, encrypted with the same key as the
 * event's state and covered by its hash and integrity tag; an event saved with empty metadata
 * stores none ({@code null}), as events stored before metadata existed. A process application's
 * events get the upstream notification as their causation and its correlation id (see
 * docs/PROCESSES.md), and with a tracing bridge a save's trace id is filled in when the scope sets
 * none (docs/OBSERVABILITY.md).
 *
 * <p>Size limits, checked when a {@code Metadata} is made (so before anything is written): at most
 * {@value #MAX_ENTRIES} entries; keys of 1 to {@value #MAX_KEY_LENGTH} characters; every value, ids
 * included, at most {@value #MAX_VALUE_LENGTH} characters; and all keys and values together at most
 * {@value #MAX_BYTES} bytes as UTF-8. Metadata that breaks one is an
 * {@link IllegalArgumentException} naming the field or entry and its size.
 *
 * @param correlationId what the event is part of: the same for every event a request or a chain of
 *     process applications caused; {@code null} if none was set (the event is then its own root)
 * @param causationId what directly caused the event: for a process application's events
 *     {@code "<upstream>:<notification id>"}; {@code null} if none
 * @param principal who acted; {@code null} if none was set
 * @param traceId the trace the save was part of; {@code null} if none
 * @param entries entries of your own (and the trace's propagation fields, such as
 *     {@code traceparent}), sorted by key; never {@code null}
 */
public record Metadata(
    String correlationId,
    String causationId,
    String principal,
    String traceId,
    Map<String, String> entries) {

  /** The most entries metadata may have. */
  public static final int MAX_ENTRIES = 16;

  /** The most characters of an entry's key. */
  public static final int MAX_KEY_LENGTH = 64;

  /** The most characters of any value: an id, the principal, or an entry's value. */
  public static final int MAX_VALUE_LENGTH = 512;

  /** The most bytes (UTF-8) of all keys and values together. */
  public static final int MAX_BYTES = 4096;

  private static final Metadata EMPTY = new Metadata(null, null, null, null, Map.of());

  private static final ThreadLocal<Metadata> CURRENT = new ThreadLocal<>();

  /**
   * Checks the sizes and copies the entries.
   *
   * @throws IllegalArgumentException naming the field or entry that is too large, or a blank key
   * @throws NullPointerException if a key or value of the entries is null
   */
  public Metadata {
    Objects.requireNonNull(entries, "entries");
    if (entries.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException("metadata has " + entries.size()
          + " entries, more than Metadata.MAX_ENTRIES (" + MAX_ENTRIES + ")");
    }
    int bytes = checked("correlationId", correlationId)
        + checked("causationId", causationId)
        + checked("principal", principal)
        + checked("traceId", traceId);
    TreeMap<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> entry : entries.entrySet()) {
      String key = Objects.requireNonNull(entry.getKey(), "a metadata entry's key");
      String value = Objects.requireNonNull(entry.getValue(), "metadata entry '" + key + "'");
      if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
        throw new IllegalArgumentException("the key of metadata entry '" + key + "' is "
            + key.length() + " characters long: keys are 1 to " + MAX_KEY_LENGTH
            + " characters, not blank (Metadata.MAX_KEY_LENGTH)");
      }
      bytes += utf8(key) + checked("entry '" + key + "'", value);
      sorted.put(key, value);
    }
    if (bytes > MAX_BYTES) {
      throw new IllegalArgumentException("metadata is " + bytes
          + " bytes as UTF-8, more than Metadata.MAX_BYTES (" + MAX_BYTES + ")");
    }
    entries = Collections.unmodifiableMap(sorted);
  }

  private static int checked(String field, String value) {
    if (value == null) {
      return 0;
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException("metadata " + field + " is " + value.length()
          + " characters long, more than Metadata.MAX_VALUE_LENGTH (" + MAX_VALUE_LENGTH + ")");
    }
    return utf8(value);
  }

  private static int utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Metadata with nothing set: what an event without metadata has. */
  public static Metadata empty() {
    return EMPTY;
  }

  /** Whether nothing is set: such metadata is not stored. */
  public boolean isEmpty() {
    return correlationId == null
        && causationId == null
        && principal == null
        && traceId == null
        && entries.isEmpty();
  }

  /** A copy with this correlation id. */
  public Metadata withCorrelationId(String id) {
    return new Metadata(id, causationId, principal, traceId, entries);
  }

  /** A copy with this causation id. */
  public Metadata withCausationId(String id) {
    return new Metadata(correlationId, id, principal, traceId, entries);
  }

  /** A copy with this principal. */
  public Metadata withPrincipal(String name) {
    return new Metadata(correlationId, causationId, name, traceId, entries);
  }

  /** A copy with this trace id. */
  public Metadata withTraceId(String id) {
    return new Metadata(correlationId, causationId, principal, id, entries);
  }

  /** A copy with this entry added, or replaced; a {@code null} value removes it. */
  public Metadata withEntry(String key, String value) {
    Map<String, String> copy = new TreeMap<>(entries);
    if (value == null) {
      copy.remove(key);
    } else {
      copy.put(Objects.requireNonNull(key, "key"), value);
    }
    return new Metadata(correlationId, causationId, principal, traceId, copy);
  }

  /**
   * This metadata with {@code inner} over it: each field {@code inner} sets wins, and its entries
   * are added to these, replacing those of the same key.
   */
  Metadata with(Metadata inner) {
    if (inner == null || inner.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return inner;
    }
    Map<String, String> merged = new TreeMap<>(entries);
    merged.putAll(inner.entries);
    return new Metadata(
        inner.correlationId != null ? inner.correlationId : correlationId,
        inner.causationId != null ? inner.causationId : causationId,
        inner.principal != null ? inner.principal : principal,
        inner.traceId != null ? inner.traceId : traceId,
        merged);
  }

  /** The metadata of the innermost open scope on this thread; empty outside any. */
  public static Metadata current() {
    Metadata current = CURRENT.get();
    return current == null ? EMPTY : current;
  }

  /**
   * Opens a scope on this thread in which every save stores {@code metadata}, over that of the
   * scope it is opened in: the fields it sets win, its entries are added. Close it (with
   * try-with-resources) on the same thread; closing restores the outer scope.
   */
  public static Scope scope(Metadata metadata) {
    Objects.requireNonNull(metadata, "metadata");
    Metadata outer = CURRENT.get();
    Metadata inner = outer == null ? metadata : outer.with(metadata);
    return new Scope(outer, inner);
  }

  /**
   * Opens a scope in which {@code defaults} are under the current metadata: the fields and entries
   * that the current scopes set win. For what the library fills in itself (the trace of a save).
   */
  static Scope defaults(Metadata defaults) {
    if (defaults == null || defaults.isEmpty()) {
      return Scope.NOTHING; // every save without a trace: no allocation, no thread-local write
    }
    Metadata outer = CURRENT.get();
    return new Scope(outer, outer == null ? defaults : defaults.with(outer));
  }

  /** An open {@link #scope}; closing it restores the metadata that was current before. */
  public static final class Scope implements AutoCloseable {
    /** A scope that changes nothing: opening and closing it leave the current metadata. */
    static final Scope NOTHING = new Scope();

    private final Metadata outer;
    private final Metadata inner;
    private final Thread thread = Thread.currentThread();
    private boolean closed;

    private Scope() {
      this.outer = null;
      this.inner = null;
      this.closed = true;
    }

    private Scope(Metadata outer, Metadata inner) {
      this.outer = outer;
      this.inner = inner;
      set(inner);
    }

    /** The metadata current in this scope. */
    public Metadata metadata() {
      return this == NOTHING ? current() : inner == null ? EMPTY : inner;
    }

    /**
     * Restores the metadata current before this scope was opened. Closing twice does nothing.
     *
     * @throws IllegalStateException if called on another thread than the one that opened it
     */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      if (Thread.currentThread() != thread) {
        throw new IllegalStateException("a Metadata.Scope must be closed on the thread that opened"
            + " it (" + thread.getName() + "), not on " + Thread.currentThread().getName());
      }
      closed = true;
      set(outer);
    }

    private static void set(Metadata metadata) {
      if (metadata == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(metadata);
      }
    }
  }
}
