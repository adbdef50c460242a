package dev.recount.examples.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recount.Application;
import dev.recount.Checkpoint;
import dev.recount.SigningKeys;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.http.NotificationLogServer;
import dev.recount.http.RefusedNotificationPage;
import dev.recount.http.RefusedNotificationPage.Problem;
import dev.recount.http.RemoteNotificationLog;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLogReader;
import java.util.Base64;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A leader that signs checkpoints of its log, a proxy on loopback rewriting its pages, and a
 * follower given the leader's verifying key: within the ids the newest checkpoint covers, every
 * change the record hashes cannot see (a substituted record with its hash recomputed, no cipher
 * key) or the id checks cannot see (ids that may have gaps, as on PostgreSQL) is refused and named.
 * Beyond the newest checkpoint, the follower proves nothing more than without a key.
 */
class SignedRemoteNotificationLogTest {
  private final SigningKeys.Pair keys = SigningKeys.generate();
  private Application app;
  private NotificationLogServer server;
  private TamperingProxy proxy;
  private Checkpoint first;
  private Checkpoint second;

  @BeforeEach
  void start() throws Exception {
    app = Application.builder().signingKey(keys.signingKey()).build();
    server = NotificationLogServer.start(app);
    proxy = new TamperingProxy(server.uri());
    save(3); // ids 1..6: Created odd, SomethingHappened even
    first = app.checkpoint().orElseThrow();
    save(2); // ids 7..10
    second = app.checkpoint().orElseThrow();
  }

  @AfterEach
  void close() throws Exception {
    proxy.close();
    server.close();
    app.close();
  }

  private void save(int worlds) {
    for (int i = 0; i < worlds; i++) {
      World world = World.create();
      world.makeItSo("thing " + i);
      WorldRepository.of(app).save(world);
    }
  }

  /** A follower told that ids may have gaps (as of a leader on PostgreSQL), with the key. */
  private RemoteNotificationLog.Builder follower() {
    return RemoteNotificationLog.builder(proxy.uri())
        .gapFree(false)
        .verifyingKey(keys.verifyingKey());
  }

  private void refused(
      Consumer<ObjectNode> rewrite,
      RemoteNotificationLog follower,
      long position,
      int pageSize,
      Problem problem,
      long id,
      String message) {
    // As from a leader on PostgreSQL, whose ids may have gaps: only the checkpoints can tell.
    proxy.rewrite(rewrite.andThen(page -> page.put("gap_free", false)));
    NotificationLogReader reader = new NotificationLogReader(follower, position).pageSize(pageSize);
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
  void anHonestProxyPassesAndTheFollowerSaysHowFarTheCheckpointsProveTheLog() throws Exception {
    RemoteNotificationLog follower = follower().trustedCheckpoint(first.line()).build();

    // Pages of 3 cross the checkpoints at 6 and 10.
    assertThat(new NotificationLogReader(follower).pageSize(3).read())
        .extracting(Notification::id)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(follower.checkpointedUpTo()).isEqualTo(10);
  }

  @Test
  void aSubstitutedRecordWithARecomputedHashIsRefused() throws Exception {
    // Without the key this goes through (RemoteNotificationLogTamperingTest): the hash is public.
    refused(
        page -> {
          if (indexOf(page, 2) >= 0 && indexOf(page, 4) >= 0) {
            ObjectNode second = (ObjectNode) items(page).get(indexOf(page, 2));
            second.set("state", items(page).get(indexOf(page, 4)).get("state"));
            TamperingProxy.rehash(second);
          }
        },
        follower().build(),
        0,
        100,
        Problem.NOT_AS_SIGNED,
        2,
        "id 2 is not the event the checkpoint up to id 10 signed there");
  }

  @Test
  void droppedRecordsAreRefusedWhereIdsMayHaveGaps() throws Exception {
    refused(
        page -> items(page).remove(indexOf(page, 5)),
        follower().build(),
        0,
        100,
        Problem.NOT_AS_SIGNED,
        5,
        "id 5 (aggregate ");
    // The tail of a page cut off: the page looks like the end of the log.
    refused(
        page -> items(page).remove(items(page).size() - 1),
        follower().build(),
        6,
        100,
        Problem.NOT_AS_SIGNED,
        10,
        "which the checkpoint up to id 10 signed, is missing: it was dropped, or moved");
  }

  @Test
  void reorderedRecordsAreRefusedEvenWithTheirIdsKeptInOrder() throws Exception {
    // Items 5 and 6 swapped, each given the other's id: the ids still increase.
    refused(
        page -> {
          int five = indexOf(page, 5);
          int six = indexOf(page, 6);
          ObjectNode fifth = (ObjectNode) items(page).get(five);
          ObjectNode sixth = (ObjectNode) items(page).get(six);
          items(page).set(five, sixth.deepCopy().put("id", 5));
          items(page).set(six, fifth.deepCopy().put("id", 6));
        },
        follower().build(),
        0,
        100,
        Problem.NOT_AS_SIGNED,
        5,
        "id 5 is not the event the checkpoint up to id 10 signed there");
  }

  @Test
  void aRecordMovedToAnotherIdIsRefusedWhenTopicsAreSelected() throws Exception {
    String happened = app.log().select(2, 1).get(0).topic();
    // Asked for SomethingHappened only (ids 2, 4, 6...): id 2's genuine record served again as 4.
    proxy.rewrite(page -> {
      int fourth = indexOf(page, 4);
      if (fourth >= 0) {
        items(page).set(fourth, ((ObjectNode) items(page).get(0).deepCopy()).put("id", 4));
      }
    });

    assertThatThrownBy(() -> follower().build().select(1, 100, Set.of(happened)))
        .isInstanceOfSatisfying(RefusedNotificationPage.class, e -> {
          assertThat(e.problem()).isEqualTo(Problem.NOT_AS_SIGNED);
          assertThat(e.notificationId()).isEqualTo(4);
          assertThat(e).hasMessageContaining("id 4 is not the event the checkpoint up to id 10");
        });
  }

  @Test
  void checkpointsTakenOffThePagesAreRefusedOnceOneIsKnown() throws Exception {
    // The signed entries left out of a page the checkpoint covers.
    refused(
        page -> page.remove("signed"),
        follower().build(),
        0,
        100,
        Problem.BAD_CHECKPOINT,
        1,
        "it lacks the signed entries of ids 1 to 10, which a checkpoint covers");

    // A follower that saw the checkpoint up to 10, then gets pages without any checkpoint.
    RemoteNotificationLog follower = follower().build();
    proxy.rewrite(page -> {});
    assertThat(follower.select(1, 4)).hasSize(4);
    assertThat(follower.checkpointedUpTo()).isEqualTo(10);
    refused(
        page -> page.remove("checkpoint"),
        follower,
        4,
        4,
        Problem.BAD_CHECKPOINT,
        10,
        "it carries no signed checkpoint, though one up to id 10 is already seen");
    // Or an older checkpoint as the newest: the log cut back to it.
    String older = first.line();
    refused(
        page -> page.put("checkpoint", older),
        follower,
        4,
        4,
        Problem.BAD_CHECKPOINT,
        10,
        "its newest checkpoint ends at id 6, before the one up to id 10 already seen");
  }

  @Test
  void signedEntriesChangedToMatchAChangedPageAreRefused() throws Exception {
    // The proxy drops id 5 and takes its entry out of the signed entries too: they no longer
    // chain to the value the checkpoint signed.
    refused(
        page -> {
          items(page).remove(indexOf(page, 5));
          ObjectNode covering = (ObjectNode) page.get("signed").get(0);
          byte[] entries = Base64.getDecoder().decode(covering.get("entries").asText());
          byte[] fewer = new byte[entries.length - 64];
          System.arraycopy(entries, 0, fewer, 0, 4 * 64);
          System.arraycopy(entries, 5 * 64, fewer, 4 * 64, entries.length - 5 * 64);
          covering.put("entries", Base64.getEncoder().encodeToString(fewer));
        },
        follower().build(),
        0,
        100,
        Problem.BAD_CHECKPOINT,
        6,
        "the entries it carries for the checkpoint up to id 6 do not chain to the value it signed");
  }

  @Test
  void aTrustedLineBeyondWhatTheServerSignsIsRefused() throws Exception {
    // A server that hides the newest checkpoint (as after its rows were deleted with their events).
    String older = first.line();
    refused(
        page -> {
          page.put("checkpoint", older);
          page.remove("signed");
        },
        follower().trustedCheckpoint(second.line()).build(),
        0,
        100,
        Problem.BAD_CHECKPOINT,
        10,
        "before the one up to id 10 trusted: checkpoints were taken away");
  }

  @Test
  void aLogSignedAgainWithTheSameKeyIsRefusedWhereItDepartsFromTheTrustedLine() throws Exception {
    // Another log of the same tables signed with the same key: what a holder of the key, or a
    // leader signing again after its rows were rewritten, could serve. Here the honest server's
    // log is the one that departs from the trusted lines, which is the same to the follower.
    String otherUpTo6;
    String otherUpTo10;
    try (Application other = Application.builder().signingKey(keys.signingKey()).build()) {
      save(other, 3);
      otherUpTo6 = other.checkpoint().orElseThrow().line();
      save(other, 2);
      otherUpTo10 = other.checkpoint().orElseThrow().line();
    }

    refused(
        page -> {},
        follower().trustedCheckpoint(otherUpTo10).build(),
        0,
        100,
        Problem.BAD_CHECKPOINT,
        10,
        "its checkpoint up to id 10 differs from the one trusted");
    // Trusted up to 6: the chain the server's checkpoints sign up to 10 must pass through it.
    refused(
        page -> {},
        follower().trustedCheckpoint(otherUpTo6).build(),
        0,
        3,
        Problem.BAD_CHECKPOINT,
        6,
        "the log its checkpoints sign is not the one the checkpoint up to id 6 trusted signed");
  }

  @Test
  void aWrongKeyIsRefused() throws Exception {
    String otherKey = SigningKeys.generate().verifyingKey();

    refused(
        page -> {},
        RemoteNotificationLog.builder(proxy.uri())
            .gapFree(false)
            .verifyingKey(otherKey)
            .build(),
        0,
        100,
        Problem.BAD_CHECKPOINT,
        10,
        "its newest checkpoint, up to id 10, does not verify with the follower's verifying key");
    assertThatThrownBy(() -> RemoteNotificationLog.builder(proxy.uri())
            .verifyingKey(otherKey)
            .trustedCheckpoint(second.line())
            .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the trusted checkpoint")
        .hasMessageContaining("does not verify with the verifying key");
    // A checkpoint line re-signed by the proxy with its own key.
    SigningKeys.Pair proxyKeys = SigningKeys.generate();
    String forged;
    try (Application other =
        Application.builder().signingKey(proxyKeys.signingKey()).build()) {
      save(other, 5);
      forged = other.checkpoint().orElseThrow().line();
    }
    refused(
        page -> page.put("checkpoint", forged),
        follower().build(),
        0,
        100,
        Problem.BAD_CHECKPOINT,
        10,
        "does not verify with the follower's verifying key");
  }

  private static void save(Application application, int worlds) {
    for (int i = 0; i < worlds; i++) {
      World world = World.create();
      world.makeItSo("other " + i);
      WorldRepository.of(application).save(world);
    }
  }

  @Test
  void beyondTheNewestCheckpointOnlyTheHashesAndIdsAreChecked() throws Exception {
    save(1); // ids 11, 12: not signed yet (CHECKPOINT_INTERVAL 1000, or 10 s)
    String tenth = Base64.getEncoder()
        .encodeToString(follower().build().record(10).orElseThrow().state());
    proxy.rewrite(page -> {
      int twelfth = indexOf(page, 12);
      if (twelfth >= 0) {
        ObjectNode forged = (ObjectNode) items(page).get(twelfth);
        forged.put("state", tenth);
        TamperingProxy.rehash(forged);
      }
    });
    RemoteNotificationLog follower = follower().build();

    // Documented: a substituted record after the newest checkpoint goes through without a cipher
    // key, and the follower says how far it is proven.
    assertThat(follower.select(11, 10).get(1).event())
        .isEqualTo(new World.SomethingHappened("thing 1"));
    assertThat(follower.checkpointedUpTo()).isEqualTo(10);

    // Once the leader signs past it, the same page is refused.
    assertThat(app.checkpoint().orElseThrow().upTo()).isEqualTo(12);
    assertThatThrownBy(() -> follower.select(11, 10))
        .isInstanceOfSatisfying(RefusedNotificationPage.class, e -> {
          assertThat(e.problem()).isEqualTo(Problem.NOT_AS_SIGNED);
          assertThat(e.notificationId()).isEqualTo(12);
        });
  }
}
