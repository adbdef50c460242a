package dev.recount.dcb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.Audit;
import dev.recount.AuditOptions;
import dev.recount.DataIntegrityError;
import dev.recount.SigningKeys;
import dev.recount.log.Notification;
import dev.recount.testing.DatabaseServer;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every rule of the DCB specification, through {@link DcbStore} on a real database: what a query
 * item matches, how items combine, what {@code after} and {@code limit} do to a read, and when an
 * append condition fails. Subclasses name the database.
 */
abstract class DcbContract {
  DatabaseServer db;
  String prefix;
  Application app;
  DcbStore dcb;

  abstract DatabaseServer database();

  @BeforeEach
  void open() {
    db = database().requireReachable();
    prefix = DatabaseServer.newPrefix("dcb");
    app = open(db, prefix, null);
    dcb = DcbStore.of(app);
  }

  static Application open(DatabaseServer db, String prefix, String cipherKey) {
    return builder(db, prefix).cipherKey(cipherKey).build();
  }

  static Application.Builder builder(DatabaseServer db, String prefix) {
    return Application.builder()
        .dbUri(db.url())
        .dbUser(db.user())
        .dbPassword(db.password())
        .tablePrefix(prefix)
        .poolSize(10);
  }

  @AfterEach
  void close() {
    if (app != null) {
      app.close();
    }
    if (db != null) {
      db.drop(prefix);
    }
  }

  private long append(Object... events) {
    List<SequencedEvent> stored = dcb.append(List.of(events));
    return stored.get(stored.size() - 1).position();
  }

  private List<Object> read(Query query) {
    return dcb.read(query).events().stream().map(SequencedEvent::event).toList();
  }

  @Test
  void anAppendedEventIsReadBackWithItsPositionTypeTagsAndTheHead() {
    List<SequencedEvent> stored =
        dcb.append(List.of(Marked.of("a", "x:1", "y:2"), Other.of("b", "x:1")));
    assertThat(stored).extracting(SequencedEvent::type).containsExactly(Marked.TOPIC, Other.TOPIC);
    assertThat(stored.get(1).position()).isEqualTo(stored.get(0).position() + 1);

    ReadResult read = dcb.read(Query.all());
    assertThat(read.events()).hasSize(2);
    SequencedEvent first = read.events().get(0);
    assertThat(first.position()).isEqualTo(stored.get(0).position());
    assertThat(first.type()).isEqualTo(Marked.TOPIC);
    assertThat(first.tags()).containsExactlyInAnyOrder("x:1", "y:2");
    assertThat(first.event()).isEqualTo(Marked.of("a", "x:1", "y:2"));
    assertThat(first.timestamp()).isEqualTo(stored.get(0).timestamp());
    assertThat(read.head()).isEqualTo(stored.get(1).position());
  }

  @Test
  void anEmptyStoreReadsNothingWithHeadZero() {
    ReadResult read = dcb.read(Query.all());
    assertThat(read.events()).isEmpty();
    assertThat(read.head()).isZero();
  }

  @Test
  void aTypesItemMatchesEventsOfAnyOfItsTypesWhateverTheirTags() {
    append(Marked.of("m1", "t:1"), Other.of("o1"), Marked.of("m2"));
    assertThat(read(Query.of(QueryItem.types(Marked.TOPIC))))
        .containsExactly(Marked.of("m1", "t:1"), Marked.of("m2"));
    assertThat(read(Query.of(QueryItem.types(Marked.TOPIC, Other.TOPIC)))).hasSize(3);
    assertThat(read(Query.of(QueryItem.types("no.such.Type")))).isEmpty();
  }

  @Test
  void aTagsItemMatchesEventsCarryingAllOfItsTagsAndMaybeMore() {
    append(
        Marked.of("ab", "a", "b"),
        Marked.of("abc", "a", "b", "c"),
        Other.of("a", "a"),
        Marked.of("bc", "b", "c"));
    assertThat(read(Query.of(QueryItem.tags("a", "b"))))
        .containsExactly(Marked.of("ab", "a", "b"), Marked.of("abc", "a", "b", "c"));
    assertThat(read(Query.of(QueryItem.tags("a")))).hasSize(3);
    assertThat(read(Query.of(QueryItem.tags("a", "z")))).isEmpty();
  }

  @Test
  void anItemWithTypesAndTagsNeedsBoth() {
    append(Marked.of("m", "a", "b"), Other.of("o", "a", "b"), Marked.of("m-a", "a"));
    assertThat(read(Query.of(QueryItem.types(Other.TOPIC).withTags("a", "b"))))
        .containsExactly(Other.of("o", "a", "b"));
    assertThat(read(Query.of(new QueryItem(Set.of(Marked.TOPIC, Other.TOPIC), Set.of("b")))))
        .containsExactly(Marked.of("m", "a", "b"), Other.of("o", "a", "b"));
  }

  /**
   * The specification's example: {types:[T1,T2]} OR {tags:[t1,t2]} OR {types:[T2,T3],
   * tags:[t1,t3]}.
   */
  @Test
  void itemsAreCombinedWithOrAndAnEventMatchingSeveralIsReadOnce() {
    append(
        Marked.of("1", "t1", "t2"), // item 1 (type) and item 2 (tags)
        Other.of("2", "t1", "t3"), // item 3
        Other.of("3", "t1"), // none: item 3 needs t3 as well
        Marked.of("4")); // item 1
    Query query = Query.of(QueryItem.types(Marked.TOPIC, "T2"), QueryItem.tags("t1", "t2"))
        .or(new QueryItem(Set.of(Other.TOPIC, "T3"), Set.of("t1", "t3")));
    assertThat(read(query))
        .containsExactly(Marked.of("1", "t1", "t2"), Other.of("2", "t1", "t3"), Marked.of("4"));
  }

  @Test
  void queryAllAndAnItemWithNeitherTypesNorTagsMatchEveryEvent() {
    append(Marked.of("m", "a"), Other.of("o"));
    assertThat(read(Query.all())).hasSize(2);
    assertThat(read(Query.of(new QueryItem(Set.of(), Set.of())))).hasSize(2);
    assertThat(Query.all().matchesAll()).isTrue();
  }

  @Test
  void aQueryWithoutItemsIsRefused() {
    assertThatThrownBy(() -> new Query(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one item");
    assertThatThrownBy(Query::of).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aReadAfterAPositionAndWithALimitKeepsTheHeadOfTheWholeStore() {
    long first = append(Marked.of("1", "a"));
    append(Marked.of("2", "a"), Other.of("x"), Marked.of("3", "a"));
    long head = append(Other.of("y"));

    ReadResult after = dcb.read(Query.of(QueryItem.tags("a")), OptionalLong.of(first), 10);
    assertThat(after.events())
        .extracting(SequencedEvent::event)
        .containsExactly(Marked.of("2", "a"), Marked.of("3", "a"));
    assertThat(after.head()).isEqualTo(head);

    ReadResult limited = dcb.read(Query.of(QueryItem.tags("a")), OptionalLong.empty(), 2);
    assertThat(limited.events())
        .extracting(SequencedEvent::event)
        .containsExactly(Marked.of("1", "a"), Marked.of("2", "a"));
    assertThat(limited.head()).isEqualTo(head);

    assertThat(dcb.read(Query.all(), OptionalLong.of(head), 10).events()).isEmpty();
    assertThatThrownBy(() -> dcb.read(Query.all(), OptionalLong.empty(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withoutAfterAnyMatchingEventFailsTheAppend() {
    long taken = append(Marked.of("alice", "username:alice"));
    append(Other.of("later"));
    Query claimed = Query.of(QueryItem.tags("username:alice"));
    long head = dcb.read(Query.all()).head();

    assertThatThrownBy(() -> dcb.append(
            List.of(Marked.of("alice again", "username:alice")),
            AppendCondition.failIfEventsMatch(claimed)))
        .isInstanceOfSatisfying(AppendConditionFailed.class, failed -> {
          assertThat(failed.position()).isEqualTo(taken);
          assertThat(failed.type()).isEqualTo(Marked.TOPIC);
          assertThat(failed.tags()).containsExactly("username:alice");
        })
        .hasMessageContaining("position " + taken)
        .hasMessageContaining("nothing was written");
    assertThat(dcb.read(Query.all()).head()).isEqualTo(head);

    dcb.append(
        List.of(Marked.of("bob", "username:bob")),
        AppendCondition.failIfEventsMatch(Query.of(QueryItem.tags("username:bob"))));
    assertThat(read(Query.of(QueryItem.tags("username:bob")))).hasSize(1);
  }

  @Test
  void withAfterOnlyMatchingEventsAfterItFailTheAppend() {
    Query course = Query.of(QueryItem.tags("course:c1"));
    long lastMatching = append(Marked.of("defined", "course:c1"));
    ReadResult decision = dcb.read(course);

    // Events after the decision that do not match do not fail it.
    append(Other.of("elsewhere", "course:c2"));
    List<SequencedEvent> ok = dcb.append(
        List.of(Marked.of("subscribed", "course:c1")),
        AppendCondition.failIfEventsMatch(course, decision.head()));
    assertThat(ok).hasSize(1);

    // The same decision again: the event just appended matches and is after its head.
    assertThatThrownBy(() -> dcb.append(
            List.of(Marked.of("subscribed twice", "course:c1")),
            AppendCondition.failIfEventsMatch(course, decision.head())))
        .isInstanceOfSatisfying(
            AppendConditionFailed.class,
            failed -> assertThat(failed.position()).isEqualTo(ok.get(0).position()));
    assertThat(lastMatching).isLessThan(ok.get(0).position());
  }

  @Test
  void anAfterHigherThanTheLastMatchingEventIgnoresEverythingUpToIt() {
    long matching = append(Marked.of("m", "k"));
    long head = append(Other.of("o1"), Other.of("o2"));
    assertThat(head).isGreaterThan(matching);
    // after lies past the last matching event: nothing matching after it.
    dcb.append(
        List.of(Marked.of("n", "k")),
        AppendCondition.failIfEventsMatch(Query.of(QueryItem.tags("k")), head));
    // after exactly at a matching event ignores it; one before it does not.
    long last = dcb.read(Query.all()).head();
    dcb.append(
        List.of(Other.of("p")),
        AppendCondition.failIfEventsMatch(Query.of(QueryItem.tags("k")), last));
    assertThatThrownBy(() -> dcb.append(
            List.of(Other.of("q")),
            AppendCondition.failIfEventsMatch(Query.of(QueryItem.tags("k")), last - 1)))
        .isInstanceOf(AppendConditionFailed.class);
  }

  @Test
  void aConditionOnTypesOrOnAllFailsOnAnyEventItMatches() {
    long head = append(Marked.of("m"));
    append(Other.of("o", "z"));
    assertThatThrownBy(() -> dcb.append(
            List.of(Marked.of("n")),
            AppendCondition.failIfEventsMatch(Query.of(QueryItem.types(Other.TOPIC)), head)))
        .isInstanceOf(AppendConditionFailed.class);
    assertThatThrownBy(() -> dcb.append(
            List.of(Marked.of("n")), AppendCondition.failIfEventsMatch(Query.all(), head)))
        .isInstanceOf(AppendConditionFailed.class);
    dcb.append(
        List.of(Marked.of("n")),
        AppendCondition.failIfEventsMatch(Query.of(QueryItem.types("no.such.Type")), 0));
  }

  @Test
  void anAppendsOwnEventsDoNotFailItsCondition() {
    dcb.append(
        List.of(Marked.of("first", "u:1"), Marked.of("second", "u:1")),
        AppendCondition.failIfEventsMatch(Query.of(QueryItem.tags("u:1"))));
    assertThat(read(Query.of(QueryItem.tags("u:1")))).hasSize(2);
  }

  @Test
  void badInputIsRefusedAndNothingIsWritten() {
    assertThatThrownBy(() -> dcb.append(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> dcb.append(List.of(Marked.of("ok", "a"), "not an event")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.String");
    assertThatThrownBy(() -> dcb.append(List.of(Marked.of("long", "x".repeat(256)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256 characters");
    assertThat(dcb.read(Query.all()).head()).isZero();
  }

  @Test
  void appendedEventsAreInTheNotificationLogAndTheAudit() {
    List<SequencedEvent> stored = dcb.append(List.of(Marked.of("a", "t"), Other.of("b")));
    List<Notification> log = app.log().select(1, 10);
    assertThat(log)
        .extracting(Notification::id)
        .containsExactly(stored.get(0).position(), stored.get(1).position());
    assertThat(log)
        .extracting(Notification::event)
        .containsExactly(Marked.of("a", "t"), Other.of("b"));
    Audit audit = app.audit();
    assertThat(audit.events()).isEqualTo(2);
  }

  @Test
  void theAuditFindsARemovedTagRow() {
    long position = append(Marked.of("a", "t:1"));
    db.execute("DELETE FROM " + db.quote(prefix + "event_tags") + " WHERE "
        + db.quote("notification_id") + " = " + position);
    assertThatThrownBy(app::audit)
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("stored tags [] of the event at position " + position);
  }

  @Test
  void encryptedEventsAreReadBackAndCheckedByHash() {
    app.close();
    app = open(db, prefix, dev.recount.CipherKeys.generate());
    dcb = DcbStore.of(app);
    append(Marked.of("secret", "s"));
    assertThat(read(Query.of(QueryItem.tags("s")))).containsExactly(Marked.of("secret", "s"));
    db.execute("UPDATE " + db.quote(prefix + "events") + " SET " + db.quote("topic") + " = '"
        + Other.TOPIC + "'");
    assertThatThrownBy(() -> dcb.read(Query.all()))
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("does not match its hash");
  }

  @Test
  void anAggregatesTaggedEventsAreMatchedByQueriesAndConditions() {
    Account alice = Account.open("alice");
    app.save(alice);
    ReadResult read = dcb.read(Query.of(QueryItem.tags("username:alice")));
    assertThat(read.events()).singleElement().satisfies(event -> {
      assertThat(event.type()).isEqualTo(Account.Opened.TOPIC);
      assertThat(event.tags()).containsExactly("username:alice");
      assertThat(event.event()).isEqualTo(new Account.Opened("alice"));
    });
    assertThat(read(Query.of(QueryItem.types(Account.Opened.TOPIC)))).hasSize(1);
    assertThatThrownBy(() -> dcb.append(
            List.of(Marked.of("claim", "username:alice")),
            AppendCondition.failIfEventsMatch(Query.of(QueryItem.tags("username:alice")))))
        .isInstanceOfSatisfying(
            AppendConditionFailed.class,
            failed -> assertThat(failed.type()).isEqualTo(Account.Opened.TOPIC));
    assertThat(app.audit().events()).isEqualTo(1);
  }

  /** A save in the caller's own transaction writes its events' tags in that transaction too. */
  @Test
  void aSaveInTheCallersTransactionStoresItsTagsWhenItCommits() throws Exception {
    try (java.sql.Connection connection = db.connect();
        dev.recount.Transaction transaction = app.transaction(connection)) {
      // Not read here: on PostgreSQL a read of the boundary waits for this open transaction.
      transaction.save(Account.open("carol"));
      transaction.commit();
    }
    assertThat(read(Query.of(QueryItem.tags("username:carol"))))
        .containsExactly(new Account.Opened("carol"));
    assertThatThrownBy(() -> dcb.append(
            List.of(Marked.of("claim", "username:carol")),
            AppendCondition.failIfEventsMatch(Query.of(QueryItem.tags("username:carol")))))
        .isInstanceOf(AppendConditionFailed.class);
  }

  /**
   * An append is stored through the same pipeline as a save, whatever the settings: integrity tags
   * (INTEGRITY_KEY), a named cipher key, each append's own data key (SUBJECT_KEYS), compression and
   * signed checkpoints. Its events are read, in the log and pass every audit; another integrity key
   * refuses them.
   */
  @Test
  void anAppendIsSealedWithEverySettingThatSealsASave() {
    String integrity = dev.recount.CipherKeys.generate();
    SigningKeys.Pair signing = SigningKeys.generate();
    List<java.util.function.UnaryOperator<Application.Builder>> settings = List.of(
        builder -> builder.integrityKey(integrity),
        builder -> builder
            .integrityKey(integrity)
            .cipherKey("k1", dev.recount.CipherKeys.generate())
            .compressor("zlib")
            .signingKey(signing.signingKey()),
        builder -> builder
            .integrityKey(integrity)
            .cipherKey(dev.recount.CipherKeys.generate())
            .subjectKeys(true));
    for (java.util.function.UnaryOperator<Application.Builder> setting : settings) {
      String sealed = DatabaseServer.newPrefix("dcbseal");
      try {
        List<SequencedEvent> stored;
        try (Application writer = setting.apply(builder(db, sealed)).build()) {
          DcbStore store = DcbStore.of(writer);
          stored = store.append(List.of(Marked.of("a", "t:1"), Other.of("b", "t:1")));
          store.append(
              List.of(Marked.of("c", "t:2")),
              AppendCondition.failIfEventsMatch(Query.of(QueryItem.tags("t:2"))));
          writer.save(Account.open("dora"));

          assertThat(store.read(Query.of(QueryItem.tags("t:1"))).events())
              .extracting(SequencedEvent::event)
              .containsExactly(Marked.of("a", "t:1"), Other.of("b", "t:1"));
          assertThat(writer.log().select(1, 10))
              .extracting(Notification::event)
              .containsExactly(
                  Marked.of("a", "t:1"),
                  Other.of("b", "t:1"),
                  Marked.of("c", "t:2"),
                  new Account.Opened("dora"));
          Audit audit = writer.audit();
          assertThat(audit.events()).isEqualTo(4);
          assertThat(audit.aggregates()).isEqualTo(3);
          assertThat(writer.audit(AuditOptions.defaults().recordsOnly()).events())
              .isEqualTo(4);
          if (setting == settings.get(1)) {
            assertThat(writer.checkpoint()).isPresent();
            assertThat(writer.audit().checkpointedEvents()).isEqualTo(4);
          }
        }
        try (Application other = setting
            .apply(builder(db, sealed))
            .integrityKey(dev.recount.CipherKeys.generate())
            .build()) {
          assertThatThrownBy(() -> DcbStore.of(other).read(Query.all()))
              .isInstanceOf(DataIntegrityError.class)
              .hasMessageContaining("integrity tag does not match");
          assertThat(stored).hasSize(2);
        }
      } finally {
        db.drop(sealed);
      }
    }
  }

  @Test
  void anEventLargerThanMaxEventBytesIsRefusedAndNothingIsWritten() {
    app.close();
    app = builder(db, prefix).maxEventBytes(200).build();
    dcb = DcbStore.of(app);
    assertThatThrownBy(() ->
            dcb.append(List.of(Marked.of("small", "a"), Marked.of("x".repeat(300), "a"))))
        .isInstanceOf(dev.recount.PersistenceError.class)
        .hasMessageContaining("more than MAX_EVENT_BYTES (200)")
        .hasMessageContaining("nothing was written");
    assertThat(dcb.read(Query.all()).head()).isZero();
  }

  /** A DCB event stored under a topic no class has is named as such, with the fixes. */
  @Test
  void anEventOfAnUnknownTopicIsNamedWithTheFixes() {
    app.close();
    app = builder(db, prefix).hashChain(false).build();
    dcb = DcbStore.of(app);
    append(Marked.of("renamed", "r"));
    db.execute(
        "UPDATE " + db.quote(prefix + "events") + " SET " + db.quote("topic") + " = 'dcb.Renamed'");
    String named = "no event on the class path has the topic 'dcb.Renamed' (no aggregate's @Event,"
        + " no @Event(standalone = true)); if its event was renamed or moved, keep the old topic";
    assertThatThrownBy(() -> dcb.read(Query.of(QueryItem.tags("r"))))
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining(named);
    assertThatThrownBy(() -> app.log().select(1, 10)).hasMessageContaining(named);
    assertThatThrownBy(app::audit).hasMessageContaining(named);
  }

  /**
   * A decoding audit checks every event's stored tags in its one streamed scan: a pool of one
   * connection is enough (it was not when the tags were read beside the scan), and a missing tag
   * row is still named.
   */
  @Test
  void anAuditOfTaggedEventsNeedsOneConnection() {
    app.close();
    app = builder(db, prefix).poolSize(1).build();
    dcb = DcbStore.of(app);
    // More tagged events than the audit used to read the tags of at once, beside its scan.
    List<Object> many = new java.util.ArrayList<>();
    for (int i = 0; i < 400; i++) {
      many.addAll(List.of(
          Marked.of("m" + i, "a:" + i, "b:" + i % 3), Other.of("o" + i), Other.of("p", "a:" + i)));
    }
    dcb.append(many);
    append(Other.of("last", "a:0"));
    app.save(Account.open("erin"));
    Audit audit = app.audit();
    assertThat(audit.events()).isEqualTo(1202);
    assertThat(audit.aggregates()).isEqualTo(3);

    long position = dcb.read(Query.of(QueryItem.tags("b:2"))).events().get(0).position();
    db.execute("DELETE FROM " + db.quote(prefix + "event_tags") + " WHERE "
        + db.quote("notification_id") + " = " + position + " AND " + db.quote("tag") + " = 'b:2'");
    assertThatThrownBy(app::audit)
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("stored tags [a:2] of the event at position " + position);
  }
}
