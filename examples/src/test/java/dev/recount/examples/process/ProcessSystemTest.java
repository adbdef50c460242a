package dev.recount.examples.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.process.Policy;
import dev.recount.process.ProcessSystem;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Declaring a system: the graph it keeps, and a clear error for each mistake. */
class ProcessSystemTest {
  private static final Policy NOTHING = (notification, unit) -> {};

  @Test
  void keepsTheApplicationsInDeclarationOrderWithTheirLeadersAndFollowers() {
    ProcessSystem system = ProcessSystem.builder()
        .application("orders", NOTHING)
        .application("reservations", NOTHING)
        .application("payments", NOTHING)
        .application("audit", NOTHING)
        .pipe("orders", "reservations", Set.of("Order.Created"))
        .pipe("reservations", "payments")
        .pipe("payments", "orders")
        .pipe("payments", "audit")
        .pipe("orders", "audit")
        .build();

    assertThat(system.names()).containsExactly("orders", "reservations", "payments", "audit");
    assertThat(system.leaders("audit")).containsExactly("payments", "orders");
    assertThat(system.followers("orders")).containsExactly("reservations", "audit");
    assertThat(system.followers("payments")).containsExactly("orders", "audit");
    assertThat(system.topics("orders", "reservations")).containsExactly("Order.Created");
    assertThat(system.topics("payments", "orders")).isEmpty();
    assertThat(system.policy("orders")).containsSame(NOTHING);
    assertThat(system.toString()).contains("reservations <- [orders]");
  }

  @Test
  void anApplicationThatOnlyLeadsHasNoPolicy() {
    ProcessSystem system = ProcessSystem.builder()
        .application("accounts")
        .application("emails", NOTHING)
        .pipe("accounts", "emails")
        .build();

    assertThat(system.policy("accounts")).isEmpty();
    assertThat(system.leaders("accounts")).isEmpty();
    assertThat(system.followers("emails")).isEmpty();
  }

  @Test
  void pipesMayBeDeclaredBeforeTheirApplications() {
    ProcessSystem system = ProcessSystem.builder()
        .pipe("a", "b")
        .application("a")
        .application("b", NOTHING)
        .build();

    assertThat(system.leaders("b")).containsExactly("a");
  }

  @Test
  void everyMistakeIsAClearError() {
    assertThatThrownBy(() -> ProcessSystem.builder().application("no spaces"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("application name 'no spaces' must be");
    assertThatThrownBy(() -> ProcessSystem.builder().application("a").application("a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("application 'a' is declared twice");
    assertThatThrownBy(() -> ProcessSystem.builder().pipe("a", "b").pipe("a", "b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the pipe from 'a' to 'b' is declared twice");
    assertThatThrownBy(() -> ProcessSystem.builder().pipe("a", "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a' cannot follow itself");
    assertThatThrownBy(() -> ProcessSystem.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the system declares no application");
    assertThatThrownBy(() -> ProcessSystem.builder()
            .application("orders")
            .application("payments", NOTHING)
            .pipe("orders", "payments")
            .pipe("orders", "reservations")
            .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the pipe from 'orders' to 'reservations' names 'reservations', which is not"
            + " declared; declared: [orders, payments]");
    assertThatThrownBy(() -> ProcessSystem.builder()
            .application("orders")
            .application("audit")
            .pipe("orders", "audit")
            .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'audit' follows [orders] but has no policy");
    assertThatThrownBy(() -> ProcessSystem.builder()
            .application("orders")
            .application("audit", NOTHING)
            .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("'audit' has a policy but follows nothing: pipe a leader to it");
  }

  @Test
  void askingAboutAnUndeclaredApplicationNamesTheDeclaredOnes() {
    ProcessSystem system = ProcessSystem.builder().application("a").build();

    assertThatThrownBy(() -> system.leaders("b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the system has no application 'b'; it has [a]");
    assertThatThrownBy(() -> system.topics("a", "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("there is no pipe from 'a' to 'a'");
    assertThat(system.contains("a")).isTrue();
    assertThat(system.contains("b")).isFalse();
  }
}
