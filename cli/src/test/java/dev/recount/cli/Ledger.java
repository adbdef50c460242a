package dev.recount.cli;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * The tests' aggregate: the stores the tool audits are written with it, in the test's JVM. The jar
 * the tests run as a child process does not hold it, as it would not hold an operator's
 * application.
 */
@Aggregate
public class Ledger extends AggregateRoot {
  final List<String> entries = new ArrayList<>();

  @Event
  public record Opened(String owner) {}

  @Event
  public record Entered(String what, long cents) {}

  /** A new ledger, not yet saved. */
  public static Ledger open(String owner) {
    return create(Ledger::new, new Opened(owner));
  }

  /** Enters an amount. */
  public void enter(String what, long cents) {
    trigger(new Entered(what, cents));
  }

  @Apply
  void on(Opened event) {}

  @Apply
  void on(Entered event) {
    entries.add(event.what());
  }
}
