package dev.recount.examples.dcb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.dcb.Query;
import dev.recount.examples.dcb.usernames.AccountRegistered;
import dev.recount.examples.dcb.usernames.Accounts;
import dev.recount.examples.dcb.usernames.UsernameTaken;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Unique usernames, released when the account closes; and racing registrations. */
abstract class UsernamesContract extends ExampleDatabase {
  private Accounts accounts;

  @BeforeEach
  void accounts() {
    accounts = new Accounts(dcb);
  }

  @Test
  void aTakenUsernameIsRefused() {
    accounts.register("a1", "ada");
    assertThatThrownBy(() -> accounts.register("a2", "ada"))
        .isInstanceOf(UsernameTaken.class)
        .hasMessage("the username ada is taken");
  }

  @Test
  void otherUsernamesAreFree() {
    accounts.register("a1", "ada");
    accounts.register("a2", "bo");
  }

  @Test
  void closingAnAccountReleasesItsUsername() {
    accounts.register("a1", "ada");
    accounts.close("a1");
    accounts.register("a2", "ada");
    assertThatThrownBy(() -> accounts.register("a3", "ada"))
        .isInstanceOf(UsernameTaken.class)
        .hasMessage("the username ada is taken");
  }

  @Test
  void anAccountClosesOnce() {
    accounts.register("a1", "ada");
    accounts.close("a1");
    assertThatThrownBy(() -> accounts.close("a1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no open account a1");
  }

  @Test
  void anEventWithANullTagValueIsRefusedAndNothingIsWritten() {
    assertThatThrownBy(() -> dcb.append(
            List.of(new AccountRegistered("a1", "ada"), new AccountRegistered("a2", null))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tag 'username' of event " + AccountRegistered.class.getName()
            + " is null: a tag needs a value");
    assertThat(dcb.read(Query.all()).events()).isEmpty();
  }

  @Test
  void ofRacingRegistrationsOfOneUsernameExactlyOneSucceeds() throws InterruptedException {
    for (int round = 0; round < 5; round++) {
      String username = "user" + round;
      List<Callable<?>> tasks = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        String account = "r" + round + "-" + i;
        tasks.add(() -> {
          accounts.register(account, username);
          return "registered";
        });
      }
      List<Object> outcomes = race(tasks);

      assertThat(outcomes)
          .as("round %d", round)
          .filteredOn("registered"::equals)
          .hasSize(1);
      assertThat(outcomes)
          .filteredOn(outcome -> !"registered".equals(outcome))
          .allSatisfy(outcome -> assertThat(outcome).isInstanceOf(UsernameTaken.class));
    }
  }
}
