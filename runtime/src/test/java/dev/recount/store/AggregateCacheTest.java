package dev.recount.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The cache's bound and its order of puts; what a cached load returns is in the examples. */
class AggregateCacheTest {
  private static AggregateCache.Entry at(long version) {
    return new AggregateCache.Entry(version, new byte[] {'{', '}'}, null);
  }

  @Test
  void itKeepsAtMostItsCapacityPerClassDroppingTheLeastRecentlyUsed() {
    AggregateCache cache = new AggregateCache(2);
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    UUID c = UUID.randomUUID();
    cache.put(Counter.class, a, at(1));
    cache.put(Counter.class, b, at(1));
    cache.get(Counter.class, a); // b is now the least recently used
    cache.put(Counter.class, c, at(1));

    assertThat(cache.get(Counter.class, a)).isNotNull();
    assertThat(cache.get(Counter.class, b)).isNull();
    assertThat(cache.get(Counter.class, c)).isNotNull();
  }

  @Test
  void anOlderVersionNeverReplacesANewerOneAndEvictionForgets() {
    AggregateCache cache = new AggregateCache(10);
    UUID id = UUID.randomUUID();
    cache.put(Counter.class, id, at(5));
    cache.put(Counter.class, id, at(3));

    assertThat(cache.get(Counter.class, id).version()).isEqualTo(5);
    cache.put(Counter.class, id, at(6));
    assertThat(cache.get(Counter.class, id).version()).isEqualTo(6);
    cache.evict(Counter.class, id);
    assertThat(cache.get(Counter.class, id)).isNull();
  }

  @Test
  void sizeZeroIsOff() {
    assertThat(new AggregateCache(0).enabled()).isFalse();
    assertThat(new AggregateCache(1).enabled()).isTrue();
  }
}
