package dev.recount.store;

import static dev.recount.store.StoreDatabase.EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.CipherKeyError;
import dev.recount.CipherKeys;
import dev.recount.DataIntegrityError;
import dev.recount.log.Notification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The application's notification log, read back from the store with its events decoded. */
class NotificationLogTest {
  private static final String KEY = CipherKeys.generate();

  private final StoreDatabase database = new StoreDatabase();
  // Encrypted and compressed, so that the log decodes through the whole transcoder.
  private final EventStore store = database.open("CIPHER_KEY", KEY, "COMPRESSOR", "zlib");
  private final List<Notification> saved = new ArrayList<>();

  @AfterEach
  void close() {
    store.close();
    database.close();
  }

  /** Two counters saved in turns: their notifications interleave. */
  private void saveTwoCounters() {
    Counter one = Counter.create();
    Counter two = Counter.create();
    one.add(1);
    saved.addAll(store.save(List.of(one, two), null));
    two.add(2);
    saved.addAll(store.save(List.of(two), null));
    one.add(3);
    saved.addAll(store.save(List.of(one), null));
  }

  @Test
  void theLogReturnsWhatWasSavedInOrderWithDecodedEvents() {
    saveTwoCounters();

    List<Notification> read = store.log().select(1, 100);

    // Ids, aggregates, versions, timestamps to the microsecond, topics and equal event records.
    assertThat(read).isEqualTo(saved).hasSize(5);
    assertThat(read).extracting(Notification::id).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(read.get(4).event()).isEqualTo(new Counter.Added(3));
    assertThat(read.get(4).topic()).isEqualTo("dev.recount.store.Counter.Added");
    assertThat(store.log().maxId()).isEqualTo(5);
  }

  @Test
  void theLogPagesAndFiltersByTopic() {
    saveTwoCounters();

    assertThat(store.log().select(2, 2)).isEqualTo(saved.subList(1, 3));
    assertThat(store.log().select(6, 10)).isEmpty();
    assertThat(store.log().select(1, 10, Set.of(Counter_Added_Codec.TOPIC)))
        .extracting(Notification::event)
        .containsExactly(new Counter.Added(1), new Counter.Added(2), new Counter.Added(3));
    assertThat(store.log().get(3)).contains(saved.get(2));
  }

  @Test
  void aSelectionStopsAtItsInclusiveUpperBound() {
    saveTwoCounters();

    assertThat(store.log().select(2, 4, 100, Set.of())).isEqualTo(saved.subList(1, 4));
    assertThat(store.log().select(2, 4, 2, Set.of())).isEqualTo(saved.subList(1, 3));
    assertThat(store.log().select(3, 3, 10, Set.of())).containsExactly(saved.get(2));
    assertThat(store.log().select(4, 3, 10, Set.of())).isEmpty();
    assertThat(store.log().select(4, 99, 10, Set.of())).isEqualTo(saved.subList(3, 5));
    // With topics, the bound still cuts by id: Added events are ids 2, 4 and 5.
    assertThat(store.log().select(1, 4, 10, Set.of(Counter_Added_Codec.TOPIC)))
        .extracting(Notification::id)
        .containsExactly(2L, 4L);
    assertThatThrownBy(() -> store.log().select(0, 4, 10, Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("notification id 0 is out of range: ids start at 1");
  }

  @Test
  void aNotificationsRecordIsTheRowAsStored() {
    saveTwoCounters();

    var record = store.log().record(4).orElseThrow();

    assertThat(record).isEqualTo(store.storedEvent(saved.get(3).originatorId(), 2));
    assertThat(record.notificationId()).isEqualTo(4);
    // Encrypted and compressed as stored: the decoder of the same settings makes the notification.
    assertThat(EventStore.notificationDecoder(Map.of("CIPHER_KEY", KEY, "COMPRESSOR", "zlib"))
            .apply(record))
        .isEqualTo(saved.get(3));
    assertThat(store.log().record(6)).isEmpty();
  }

  @Test
  void badSelectionsAreRefused() {
    assertThatThrownBy(() -> store.log().select(0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("notification id 0 is out of range: ids start at 1");
    assertThatThrownBy(() -> store.log().select(1, 1001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit 1001 is out of range 1..1000");
  }

  @Test
  void theLogChecksEachEventsHash() {
    saveTwoCounters();
    database.update("UPDATE " + EVENTS + " SET \"timestamp_us\" = \"timestamp_us\" + 1"
        + " WHERE \"notification_id\" = 4");

    assertThatThrownBy(() -> store.log().select(1, 10))
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageStartingWith("aggregate " + saved.get(3).originatorId() + " version 2: ")
        .hasMessageContaining("does not match its hash");
  }

  @Test
  void aRemoteReaderDecodesStoredNotificationsWithTheSameSettings() {
    saveTwoCounters();
    var stored = store.storedNotifications(1, 10, Set.of());

    var decoder = EventStore.notificationDecoder(Map.of("CIPHER_KEY", KEY));
    assertThat(stored.stream().map(decoder).toList()).isEqualTo(saved);

    var wrongKey = EventStore.notificationDecoder(Map.of("CIPHER_KEY", CipherKeys.generate()));
    assertThatThrownBy(() -> wrongKey.apply(stored.get(0)))
        .isInstanceOf(CipherKeyError.class)
        .hasMessageContaining("the key is not the one it was written with");
  }
}
