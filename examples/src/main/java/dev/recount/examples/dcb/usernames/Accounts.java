package dev.recount.examples.dcb.usernames;

import dev.recount.dcb.DcbStore;
import dev.recount.dcb.Decision;
import dev.recount.examples.dcb.DecideAgain;

/**
 * Unique usernames, the second example of the DCB specification: no two open accounts share a
 * username, and closing an account releases its username. The rule is one boundary per username
 * (the events tagged with it), so registrations of different usernames never wait for or fail each
 * other, while two registrations of one username cannot both succeed.
 */
public final class Accounts {
  private final DcbStore dcb;

  public Accounts(DcbStore dcb) {
    this.dcb = dcb;
  }

  /**
   * Opens {@code account} under {@code username}.
   *
   * @throws UsernameTaken if an open account holds the username, or the account exists already
   */
  public void register(String account, String username) {
    DecideAgain.onConflict(() -> {
      UsernameClaim claim = new UsernameClaim(username);
      AccountStatus status = new AccountStatus(account);
      Decision decision = Decision.read(dcb, claim, status);
      if (claim.taken) {
        throw new UsernameTaken("the username " + username + " is taken");
      }
      if (status.username != null) {
        throw new UsernameTaken("the account " + account + " exists already");
      }
      return decision.append(new AccountRegistered(account, username));
    });
  }

  /**
   * Closes {@code account}, releasing its username.
   *
   * @throws IllegalStateException if there is no such open account
   */
  public void close(String account) {
    DecideAgain.onConflict(() -> {
      AccountStatus status = new AccountStatus(account);
      Decision decision = Decision.read(dcb, status);
      if (status.username == null || status.closed) {
        throw new IllegalStateException("no open account " + account);
      }
      return decision.append(new AccountClosed(account, status.username));
    });
  }
}
