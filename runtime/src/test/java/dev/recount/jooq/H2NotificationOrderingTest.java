package dev.recount.jooq;

import dev.recount.testing.H2TcpServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Notification order on H2, whose writers commit one at a time; the writer processes reach the
 * in-memory database through an H2 TCP server in this JVM.
 */
class H2NotificationOrderingTest extends NotificationOrderingContract {
  @RegisterExtension
  static final H2TcpServerExtension H2 = new H2TcpServerExtension();

  @Override
  TestDatabase database() {
    return TestDatabase.h2(H2.server());
  }

  @Override
  void slowDownWrites(TestDatabase db, String prefix) {
    // Writers already take turns on the lock; H2's triggers would need a class of their own.
  }
}
