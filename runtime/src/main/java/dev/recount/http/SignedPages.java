package dev.recount.http;

import dev.recount.Checkpoint;
import dev.recount.StoredEvent;
import dev.recount.http.RefusedNotificationPage.Problem;
import dev.recount.internal.Hex;
import dev.recount.store.EventStore;
import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A follower's check of pages against the leader's signed checkpoints, with the verifying key
 * alone. The signature makes the transport irrelevant: a checkpoint and the entries its chain runs
 * over prove, whoever served them, which event is at each id up to the checkpoint. So within the
 * ids the newest checkpoint covers, a page must hold exactly the signed events (all topics) or only
 * signed events (some topics); beyond it, nothing is proven here.
 *
 * <p>What the follower has seen can only move forward: the newest checkpoint of a later page may
 * not end before one already seen (or trusted), nor differ from it at the same id, and once a
 * checkpoint is known a page without one is refused. A trusted line, and the newest checkpoint
 * seen, are also checked against the chain wherever a page's signed entries run over their id, so
 * that a log signed again after a rewrite (a holder of the signing key, or checkpoints deleted with
 * their events and signed anew) is refused where it departs from them.
 */
final class SignedPages {
  private static final int ENTRY = EventStore.CHECKPOINT_ENTRY_BYTES;

  private final PublicKey key;
  private final String keyId;
  private final Checkpoint trusted;
  private String tablePrefix;
  private Checkpoint known;

  /**
   * @param trusted a checkpoint line kept outside the leader's reach; {@code null} for none
   * @throws IllegalArgumentException if {@code trusted} does not verify with {@code key}
   */
  SignedPages(PublicKey key, Checkpoint trusted) {
    this.key = key;
    this.keyId = EventStore.keyId(key);
    this.trusted = trusted;
    this.known = trusted;
    if (trusted != null) {
      if (!EventStore.verifies(key, trusted)) {
        throw new IllegalArgumentException("the trusted checkpoint (key id " + trusted.keyId()
            + ") does not verify with the verifying key (key id " + keyId + ")");
      }
      this.tablePrefix = trusted.tablePrefix();
    }
  }

  /** The notification id up to which the newest checkpoint seen (or trusted) covers the log. */
  synchronized long checkpointedUpTo() {
    return known == null ? 0 : known.upTo();
  }

  /**
   * Checks a page asked from {@code from} with {@code limit}, whose ids were already found in
   * order.
   *
   * @param where the start of every message, naming the page
   * @throws RefusedNotificationPage naming the first id (or checkpoint) at fault
   */
  synchronized void check(
      String where, NotificationPages.Page page, long from, int limit, boolean allTopics) {
    NotificationPages.Signatures signatures = page.signatures();
    if (signatures.newest() == null) {
      if (known != null) {
        throw bad(
            known.upTo(),
            where + "it carries no signed checkpoint, though one up to id " + known.upTo() + " is "
                + (known == trusted ? "trusted" : "already seen"));
      }
      return;
    }
    Checkpoint newest = verified(where, signatures.newest(), "its newest checkpoint");
    if (known != null) {
      if (newest.upTo() < known.upTo()) {
        throw bad(
            known.upTo(),
            where + "its newest checkpoint ends at id " + newest.upTo()
                + ", before the one up to id "
                + known.upTo() + " " + (known == trusted ? "trusted" : "already seen")
                + ": checkpoints were taken away");
      }
      if (newest.upTo() == known.upTo() && !sameChain(newest, known)) {
        throw bad(
            newest.upTo(),
            where + "its checkpoint up to id " + newest.upTo() + " differs from the one "
                + (known == trusted ? "trusted" : "already seen"));
      }
    }
    List<StoredEvent> items = page.items();
    long last = items.isEmpty() ? from - 1 : items.get(items.size() - 1).notificationId();
    // A full page covers ids up to its last item; a shorter one, every id the checkpoint covers.
    long until = Math.min(newest.upTo(), items.size() == limit ? last : newest.upTo());
    if (from <= until) {
      List<byte[]> signed = signedEntries(where, signatures, from, until);
      if (allTopics) {
        compareAll(where, items, signed, until, newest.upTo());
      } else {
        compareSome(where, items, signed, until, newest.upTo());
      }
    }
    if (known == null || newest.upTo() > known.upTo()) {
      known = newest;
    }
  }

  /**
   * The signed entries of ids {@code from} to {@code until}, from the checkpoints the page carries,
   * each verified and its entries chained to the value it signed.
   */
  private List<byte[]> signedEntries(
      String where, NotificationPages.Signatures signatures, long from, long until) {
    byte[] chain = new byte[32];
    long previousUpTo = 0;
    long events = 0;
    if (signatures.start() != null) {
      Checkpoint start = verified(where, signatures.start(), "the checkpoint its entries follow");
      checkPins(where, start.upTo() - 1, start.upTo(), Hex.decode(start.chain()), start.events());
      chain = Hex.decode(start.chain());
      previousUpTo = start.upTo();
      events = start.events();
    }
    if (signatures.covering().isEmpty() || previousUpTo >= from) {
      throw bad(
          from,
          where + "it lacks the signed entries of ids " + from + " to " + until
              + ", which a checkpoint covers");
    }
    List<byte[]> entries = new ArrayList<>();
    for (NotificationPages.Signed signed : signatures.covering()) {
      Checkpoint checkpoint = verified(where, signed.line(), "a checkpoint it carries");
      byte[] bytes = signed.entries();
      long count = bytes.length / ENTRY;
      if (bytes.length % ENTRY != 0
          || count == 0
          || checkpoint.events() - events != count
          || checkpoint.upTo() <= previousUpTo) {
        throw unchained(where, checkpoint);
      }
      long previousId = previousUpTo;
      for (int offset = 0; offset < bytes.length; offset += ENTRY) {
        long id = ByteBuffer.wrap(bytes, offset, 8).getLong();
        if (id <= previousId || id > checkpoint.upTo()) {
          throw unchained(where, checkpoint);
        }
        chain = EventStore.checkpointChain(chain, bytes, offset, 1);
        events++;
        checkPins(where, previousId, id, chain, events);
        if (id >= from && id <= until) {
          entries.add(Arrays.copyOfRange(bytes, offset, offset + ENTRY));
        }
        previousId = id;
      }
      if (previousId != checkpoint.upTo() || !Hex.encode(chain).equals(checkpoint.chain())) {
        throw unchained(where, checkpoint);
      }
      previousUpTo = checkpoint.upTo();
    }
    if (previousUpTo < until) {
      throw bad(
          previousUpTo + 1,
          where + "it lacks the signed entries of ids " + (previousUpTo + 1) + " to " + until
              + ", which a checkpoint covers");
    }
    return entries;
  }

  /**
   * The trusted checkpoint and the newest seen each name the chain's value at their id: the chain
   * the page's checkpoints sign must pass through it. Called for each entry, with the id before.
   */
  private void checkPins(String where, long previousId, long id, byte[] chain, long events) {
    for (Checkpoint pin : new Checkpoint[] {trusted, known}) {
      if (pin == null || pin.upTo() <= previousId || pin.upTo() > id) {
        continue;
      }
      if (pin.upTo() != id || pin.events() != events || !pin.chain().equals(Hex.encode(chain))) {
        throw bad(
            pin.upTo(),
            where + "the log its checkpoints sign is not the one the checkpoint up to id "
                + pin.upTo() + " " + (pin == trusted ? "trusted" : "already seen")
                + " signed: it was signed again after a change");
      }
    }
  }

  private void compareAll(
      String where, List<StoredEvent> items, List<byte[]> signed, long until, long upTo) {
    int i = 0;
    int j = 0;
    while (true) {
      StoredEvent item =
          i < items.size() && items.get(i).notificationId() <= until ? items.get(i) : null;
      byte[] entry = j < signed.size() ? signed.get(j) : null;
      if (item == null && entry == null) {
        return;
      }
      if (item == null || entry != null && item.notificationId() > id(entry)) {
        throw missing(where, entry, upTo);
      }
      if (entry == null || item.notificationId() < id(entry)) {
        throw inserted(where, item, upTo);
      }
      checkSame(where, item, entry, upTo);
      i++;
      j++;
    }
  }

  private void compareSome(
      String where, List<StoredEvent> items, List<byte[]> signed, long until, long upTo) {
    int j = 0;
    for (StoredEvent item : items) {
      if (item.notificationId() > until) {
        return;
      }
      while (j < signed.size() && id(signed.get(j)) < item.notificationId()) {
        j++; // an event of a topic not asked for
      }
      if (j == signed.size() || id(signed.get(j)) != item.notificationId()) {
        throw inserted(where, item, upTo);
      }
      checkSame(where, item, signed.get(j), upTo);
    }
  }

  private void checkSame(String where, StoredEvent item, byte[] entry, long upTo) {
    if (!Arrays.equals(EventStore.checkpointEntry(item), entry)) {
      throw new RefusedNotificationPage(
          Problem.NOT_AS_SIGNED,
          item.notificationId(),
          where + "id " + item.notificationId() + " is not the event the checkpoint up to id "
              + upTo + " signed there (" + described(entry) + "): it was substituted, or moved"
              + " here from another id");
    }
  }

  private static RefusedNotificationPage missing(String where, byte[] entry, long upTo) {
    return new RefusedNotificationPage(
        Problem.NOT_AS_SIGNED,
        id(entry),
        where + "id " + id(entry) + " (" + described(entry) + "), which the checkpoint up to id "
            + upTo + " signed, is missing: it was dropped, or moved");
  }

  private static RefusedNotificationPage inserted(String where, StoredEvent item, long upTo) {
    return new RefusedNotificationPage(
        Problem.NOT_AS_SIGNED,
        item.notificationId(),
        where + "id " + item.notificationId() + " is not in the log the checkpoint up to id " + upTo
            + " signed: it was inserted, or moved there");
  }

  private Checkpoint verified(String where, String line, String what) {
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.parse(line);
    } catch (IllegalArgumentException e) {
      throw bad(0, where + what + " is malformed: " + e.getMessage());
    }
    if (!EventStore.verifies(key, checkpoint)) {
      throw bad(
          checkpoint.upTo(),
          where + what + ", up to id " + checkpoint.upTo() + ", does not verify with the"
              + " follower's verifying key (key id " + keyId + "; the checkpoint names "
              + checkpoint.keyId() + ")");
    }
    if (tablePrefix == null) {
      tablePrefix = checkpoint.tablePrefix();
    } else if (!tablePrefix.equals(checkpoint.tablePrefix())) {
      throw bad(
          checkpoint.upTo(),
          where + what + " is of the tables '" + checkpoint.tablePrefix() + "', not of '"
              + tablePrefix + "'");
    }
    return checkpoint;
  }

  private static boolean sameChain(Checkpoint one, Checkpoint other) {
    return one.chain().equals(other.chain()) && one.events() == other.events();
  }

  private static RefusedNotificationPage unchained(String where, Checkpoint checkpoint) {
    return bad(
        checkpoint.upTo(),
        where + "the entries it carries for the checkpoint up to id " + checkpoint.upTo()
            + " do not chain to the value it signed");
  }

  private static RefusedNotificationPage bad(long id, String message) {
    return new RefusedNotificationPage(Problem.BAD_CHECKPOINT, id, message);
  }

  private static long id(byte[] entry) {
    return ByteBuffer.wrap(entry).getLong();
  }

  private static String described(byte[] entry) {
    ByteBuffer buffer = ByteBuffer.wrap(entry, 8, 24);
    UUID aggregate = new UUID(buffer.getLong(), buffer.getLong());
    return "aggregate " + aggregate + " version " + buffer.getLong();
  }
}
