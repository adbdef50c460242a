package dev.recount.examples.dcb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.dcb.AppendConditionFailed;
import dev.recount.dcb.Decision;
import dev.recount.dcb.SequencedEvent;
import dev.recount.examples.dcb.usernames.AccountRegistered;
import dev.recount.testing.DatabaseServer;
import org.junit.jupiter.api.Test;

/**
 * An aggregate's events that declare tags are part of the same queries: the generated
 * {@code Member_Events.tagsOf} gives the store their tags when the aggregate is saved, typed
 * queries find them, decision models apply them, and a save fails a stale decision's append.
 */
class AggregateEventsInBoundariesTest extends ExampleDatabase {
  @Override
  protected DatabaseServer database() {
    return DatabaseServer.h2();
  }

  @Test
  void aSavedAggregateEventIsFoundByItsTypedQueryWithItsTags() {
    MemberRepository.of(app).save(Member.join("ada"));

    SequencedEvent event =
        dcb.read(Member_JoinedQuery.username("ada").query()).events().get(0);
    assertThat(event.event()).isEqualTo(new Member.Joined("ada"));
    assertThat(event.tags()).containsExactly("username:ada");
    assertThat(dcb.read(Member_JoinedQuery.username("bo").query()).events()).isEmpty();
  }

  @Test
  void aDecisionModelAppliesTheAggregatesEvents() {
    MemberRepository.of(app).save(Member.join("ada"));
    MemberNames ada = new MemberNames("ada");
    MemberNames bo = new MemberNames("bo");
    Decision.read(dcb, ada, bo);
    assertThat(ada.taken).isTrue();
    assertThat(bo.taken).isFalse();
  }

  @Test
  void anAggregateSaveFailsAStaleDecisionOnItsTags() {
    MemberNames names = new MemberNames("ada");
    Decision decision = Decision.read(dcb, names);
    assertThat(names.taken).isFalse();

    MemberRepository.of(app).save(Member.join("ada"));

    assertThatThrownBy(() -> decision.append(new AccountRegistered("a1", "ada")))
        .isInstanceOf(AppendConditionFailed.class);
  }
}
