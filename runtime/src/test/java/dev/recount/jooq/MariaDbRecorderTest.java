package dev.recount.jooq;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.PersistenceError;
import org.junit.jupiter.api.Test;

/** The recorder contract on {@link TestDatabase#mariadb()}. */
class MariaDbRecorderTest extends RecorderContract {
  @Override
  TestDatabase database() {
    return TestDatabase.mariadb();
  }

  @Test
  void aUserWhoCannotUpdateTheLockTableIsRefusedAtStart() {
    String user = prefix + "user";
    String grantee = "'" + user + "'@'%'";
    db.execute("CREATE USER " + grantee + " IDENTIFIED BY 'secret'",
        "GRANT SELECT, INSERT ON `" + prefix + "events` TO " + grantee,
        "GRANT SELECT, INSERT ON `" + prefix + "snapshots` TO " + grantee,
        "GRANT SELECT, INSERT ON `" + prefix + "tracking` TO " + grantee,
        "GRANT SELECT ON `" + prefix + "lock` TO " + grantee);
    try {
      assertThatThrownBy(() -> Recorders.open(db.url, user, "secret", prefix, false, 2))
          .isInstanceOf(PersistenceError.class)
          .hasMessageContaining("cannot take the writers' lock on")
          .hasMessageContaining(prefix + "lock")
          .hasMessageContaining("as user '" + user + "'")
          .hasMessageContaining("needs UPDATE on that table");
    } finally {
      db.execute("DROP USER " + grantee);
    }
  }
}
