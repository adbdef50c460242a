package dev.recount.store;

import dev.recount.AggregateRoot;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The aggregates an application loaded or saved most recently, at most {@code capacity} of each
 * aggregate class, least recently used first out.
 *
 * <p>An aggregate is kept in its snapshot form: the JSON its generated {@code SnapshotMapping}
 * writes, immutable bytes. Every load makes a new instance from them, so no two callers ever share
 * a mutable aggregate, and a caller that changes its copy without saving changes nothing here. The
 * cache is not trusted to be current: the store reads the events stored after the cached version on
 * every load (one select that usually returns no row), so saves from other threads, processes and
 * machines are never missed.
 */
final class AggregateCache {
  /**
   * One cached aggregate.
   *
   * @param version the version the state is at
   * @param json the state as a snapshot's JSON holds it (timestamps and fields)
   * @param head the hash of the event at {@code version}; null when hashing is off
   */
  record Entry(long version, byte[] json, byte[] head) {}

  private final int capacity;
  private final Map<Class<? extends AggregateRoot>, Lru> byClass = new ConcurrentHashMap<>();

  /** {@code capacity} 0 keeps nothing. */
  AggregateCache(int capacity) {
    this.capacity = capacity;
  }

  boolean enabled() {
    return capacity > 0;
  }

  /** The cached entry of {@code id}, or null. */
  Entry get(Class<? extends AggregateRoot> type, UUID id) {
    Lru entries = byClass.get(type);
    if (entries == null) {
      return null;
    }
    synchronized (entries) {
      return entries.get(id);
    }
  }

  /**
   * Keeps {@code entry} unless a newer version is kept already: two threads that loaded the
   * aggregate at different versions put in either order.
   */
  void put(Class<? extends AggregateRoot> type, UUID id, Entry entry) {
    Lru entries = byClass.computeIfAbsent(type, t -> new Lru(capacity));
    synchronized (entries) {
      Entry kept = entries.get(id);
      if (kept == null || kept.version() < entry.version()) {
        entries.put(id, entry);
      }
    }
  }

  void evict(Class<? extends AggregateRoot> type, UUID id) {
    Lru entries = byClass.get(type);
    if (entries != null) {
      synchronized (entries) {
        entries.remove(id);
      }
    }
  }

  /** Drops {@code id} from the cache of every class (an aggregate forgotten by its id alone). */
  void evictEverywhere(UUID id) {
    for (Lru entries : byClass.values()) {
      synchronized (entries) {
        entries.remove(id);
      }
    }
  }

  /** A map in access order that drops its eldest entry beyond its capacity. */
  private static final class Lru extends LinkedHashMap<UUID, Entry> {
    private static final long serialVersionUID = 1L;
    private final int capacity;

    Lru(int capacity) {
      super(16, 0.75f, true);
      this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<UUID, AggregateCache.Entry> eldest) {
      return size() > capacity;
    }
  }
}
