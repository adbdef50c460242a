package dev.recount.examples.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recount.Application;
import dev.recount.CipherKeys;
import dev.recount.DataIntegrityError;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.http.NotificationLogServer;
import dev.recount.http.RefusedNotificationPage;
import dev.recount.http.RefusedNotificationPage.Problem;
import dev.recount.http.RemoteNotificationLog;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLogReader;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A proxy on loopback rewrites the pages between the server and a follower: each change that would
 * make the follower skip, repeat or misplace an event is refused and named, and the follower's
 * position does not move. A substituted record is caught only with a CIPHER_KEY.
 */
class RemoteNotificationLogTamperingTest {
  private Application app;
  private NotificationLogServer server;
  private TamperingProxy proxy;
  private Map<String, String> settings = Map.of();

  private void start(String key) throws Exception {
    settings = key == null ? Map.of() : Map.of("CIPHER_KEY", key);
    app = Application.builder().cipherKey(key).build();
    server = NotificationLogServer.start(app);
    proxy = new TamperingProxy(server.uri());
    for (int i = 0; i < 5; i++) { // ids 1..10: Created odd, SomethingHappened even
      World world = World.create();
      world.makeItSo("thing " + i);
      WorldRepository.of(app).save(world);
    }
  }

  @AfterEach
  void close() throws Exception {
    if (proxy != null) {
      proxy.close();
      server.close();
      app.close();
    }
  }

  private RemoteNotificationLog follower() {
    return RemoteNotificationLog.connect(proxy.uri(), settings);
  }

  /**
   * Reading from {@code position} through the proxy is refused with {@code problem} at {@code id}.
   */
  private void refused(
      Consumer<ObjectNode> rewrite, long position, Problem problem, long id, String message) {
    proxy.rewrite(rewrite);
    NotificationLogReader reader = new NotificationLogReader(follower(), position).pageSize(100);
    assertThatThrownBy(reader::readPage)
        .isInstanceOfSatisfying(RefusedNotificationPage.class, e -> {
          assertThat(e.problem()).isEqualTo(problem);
          assertThat(e.notificationId()).isEqualTo(id);
          assertThat(e).hasMessageContaining(message);
        });
    assertThat(reader.position()).isEqualTo(position);
  }

  private static ArrayNode items(ObjectNode page) {
    return (ArrayNode) page.get("items");
  }

  private static int indexOf(ObjectNode page, long id) {
    for (int i = 0; i < items(page).size(); i++) {
      if (items(page).get(i).get("id").asLong() == id) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void anHonestProxyChangesNothing() throws Exception {
    start(null);

    assertThat(new NotificationLogReader(follower()).pageSize(3).read())
        .extracting(Notification::id)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
  }

  @Test
  void aDroppedNotificationIsRefusedWhereIdsHaveNoGaps() throws Exception {
    start(null);

    refused(
        page -> items(page).remove(indexOf(page, 5)),
        0,
        Problem.MISSING,
        5,
        "id 5 is missing (the page goes from id 4 to id 6)");
    refused(
        page -> items(page).remove(0),
        4,
        Problem.MISSING,
        5,
        "id 5 is missing (the page goes from its start to id 6)");
  }

  @Test
  void aRepeatedNotificationIsRefused() throws Exception {
    start(null);

    refused(
        page -> items(page).add(items(page).get(indexOf(page, 2)).deepCopy()),
        0,
        Problem.NOT_INCREASING,
        2,
        "id 2 follows id 10 (out of order)");
    refused(
        page -> items(page).insert(1, items(page).get(0).deepCopy()),
        0,
        Problem.NOT_INCREASING,
        1,
        "id 1 follows id 1 (repeated)");
    // An earlier id at the head of a later page would send the reader's position back.
    refused(
        page -> ((ObjectNode) items(page).get(0)).put("id", 3),
        6,
        Problem.BEFORE_FROM,
        3,
        "id 3 is below the position asked for, 7");
  }

  @Test
  void reorderedNotificationsAreRefused() throws Exception {
    start(null);

    Consumer<ObjectNode> swap = page -> {
      JsonNode fifth = items(page).remove(indexOf(page, 5));
      items(page).insert(indexOf(page, 6) + 1, fifth);
    };
    // Where ids have no gaps, 6 after 4 is already one too many.
    refused(swap, 0, Problem.MISSING, 5, "id 5 is missing (the page goes from id 4 to id 6)");

    proxy.rewrite(swap.andThen(page -> page.put("gap_free", false)));
    RemoteNotificationLog gapped = RemoteNotificationLog.builder(proxy.uri())
        .settings(settings)
        .gapFree(false)
        .build();
    assertThatThrownBy(() -> gapped.select(1, 100))
        .isInstanceOfSatisfying(RefusedNotificationPage.class, e -> {
          assertThat(e.problem()).isEqualTo(Problem.NOT_INCREASING);
          assertThat(e.notificationId()).isEqualTo(5);
          assertThat(e).hasMessageContaining("id 5 follows id 6 (out of order)");
        });
  }

  @Test
  void aRaisedIdIsRefused() throws Exception {
    start(null);

    refused(
        page -> ((ObjectNode) items(page).get(9)).put("id", 1_000_000),
        0,
        Problem.MISSING,
        10,
        "id 10 is missing (the page goes from id 9 to id 1000000)");
    refused(
        page -> items(page).add(((ObjectNode) items(page).get(9).deepCopy()).put("id", 11)),
        0,
        Problem.BEYOND_MAX,
        11,
        "id 11 is beyond the log's max id 10");
  }

  @Test
  void whereIdsMayHaveGapsARaisedIdIsCaughtByTheMaxIdOrLater() throws Exception {
    start(null);
    // As for a leader on PostgreSQL: the follower is told the ids may have gaps.
    RemoteNotificationLog gapped = RemoteNotificationLog.builder(proxy.uri())
        .settings(settings)
        .gapFree(false)
        .build();
    proxy.rewrite(page -> {
      page.put("gap_free", false);
      if (indexOf(page, 10) >= 0) {
        ((ObjectNode) items(page).get(indexOf(page, 10))).put("id", 1_000_000);
      }
    });
    NotificationLogReader reader = new NotificationLogReader(gapped).pageSize(100);
    assertThatThrownBy(reader::readPage)
        .isInstanceOfSatisfying(
            RefusedNotificationPage.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.BEYOND_MAX));

    // A proxy that raises max_id too gets one page through, and is caught at the next max id.
    proxy.rewrite(page -> {
      page.put("gap_free", false);
      if (indexOf(page, 10) >= 0) {
        ((ObjectNode) items(page).get(indexOf(page, 10))).put("id", 1_000_000);
        page.put("max_id", 1_000_000);
      }
    });
    assertThat(reader.readPage()).extracting(Notification::id).endsWith(9L, 1_000_000L);
    assertThatThrownBy(gapped::maxId)
        .isInstanceOfSatisfying(
            RefusedNotificationPage.class,
            e -> assertThat(e).hasMessageContaining("max id 10").hasMessageContaining("1000000"));
  }

  @Test
  void aPageThatDoesNotSayWhetherIdsHaveGapsOrSaysSoToAGapFreeFollowerIsRefused() throws Exception {
    start(null);

    refused(
        page -> page.remove("gap_free"),
        0,
        Problem.GAP_FREE_MISMATCH,
        0,
        "does not say whether the log's ids may have gaps");
    refused(
        page -> page.put("gap_free", false),
        0,
        Problem.GAP_FREE_MISMATCH,
        0,
        "this follower was told they have none");
  }

  /** Item 2's state replaced by item 4's (both SomethingHappened), with the hash recomputed. */
  private static void substitute(ObjectNode page) {
    if (indexOf(page, 2) >= 0 && indexOf(page, 4) >= 0) {
      ObjectNode second = (ObjectNode) items(page).get(indexOf(page, 2));
      second.set("state", items(page).get(indexOf(page, 4)).get("state"));
      TamperingProxy.rehash(second);
    }
  }

  @Test
  void withoutACipherKeyASubstitutedRecordWithARecomputedHashGoesThrough() throws Exception {
    start(null);
    proxy.rewrite(RemoteNotificationLogTamperingTest::substitute);

    // The limit of unkeyed hashes, said in docs/NOTIFICATIONS.md: TLS is the protection.
    assertThat(follower().select(1, 10).get(1).event())
        .isEqualTo(new World.SomethingHappened("thing 1"));
    assertThat(app.log().select(1, 10).get(1).event())
        .isEqualTo(new World.SomethingHappened("thing 0"));
  }

  @Test
  void withACipherKeyASubstitutedCiphertextIsRefused() throws Exception {
    start(CipherKeys.generate());
    proxy.rewrite(RemoteNotificationLogTamperingTest::substitute);
    NotificationLogReader reader = new NotificationLogReader(follower());

    // The ciphertext is bound to its aggregate and version: it does not decrypt elsewhere.
    assertThatThrownBy(reader::readPage)
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("does not decrypt");
    assertThat(reader.position()).isZero();
  }

  @Test
  void withACipherKeyASubstitutedPlaintextIsRefused() throws Exception {
    start(CipherKeys.generate());
    // A genuine unencrypted record of the same topic, from a log without a key.
    byte[] plaintext;
    try (Application plain = Application.builder().build()) {
      World world = World.create();
      world.makeItSo("forged");
      WorldRepository.of(plain).save(world);
      plaintext = dev.recount.internal.Internal.applications()
          .store(plain)
          .storedNotifications(2, 1, java.util.Set.of())
          .get(0)
          .state();
    }
    String forged = java.util.Base64.getEncoder().encodeToString(plaintext);
    proxy.rewrite(page -> {
      if (indexOf(page, 2) >= 0) {
        ObjectNode second = (ObjectNode) items(page).get(indexOf(page, 2));
        second.put("state", forged);
        TamperingProxy.rehash(second);
      }
    });

    assertThatThrownBy(() -> follower().select(1, 10))
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("version 2")
        .hasMessageContaining("is not encrypted, but a CIPHER_KEY is set");
  }
}
