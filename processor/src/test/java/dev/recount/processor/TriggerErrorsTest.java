package dev.recount.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code trigger} and {@code create} given something that can never be one of the aggregate's
 * events: one error at the argument, naming the aggregate's events. Arguments that might be an
 * event (typed {@code Object}, an interface the events share, a type variable) compile, and are
 * checked when the command runs.
 */
class TriggerErrorsTest {
  private static JavaFileObject cart(String... commands) {
    String[] head = {
      "package shop;",
      "",
      "import dev.recount.AggregateRoot;",
      "import dev.recount.annotations.Aggregate;",
      "import dev.recount.annotations.Apply;",
      "import dev.recount.annotations.Event;",
      "",
      "@Aggregate",
      "class Cart extends AggregateRoot {",
      "  interface Change {}",
      "  record Money(long cents) implements Change {}",
      "  @Event record Opened() implements Change {}",
      "  @Event record ItemAdded(String item) implements Change {}",
      "",
      "  @Apply void on(Opened event) {}",
      "  @Apply void on(ItemAdded event) {}",
    };
    String[] lines = new String[head.length + commands.length + 1];
    System.arraycopy(head, 0, lines, 0, head.length);
    System.arraycopy(commands, 0, lines, head.length, commands.length);
    lines[lines.length - 1] = "}";
    return JavaFileObjects.forSourceLines("shop.Cart", lines);
  }

  @Test
  void triggeringARecordThatIsNotAnEventIsReportedAtTheArgument() {
    JavaFileObject source =
        cart("  void pay(long cents) {", "    trigger(new Money(cents));", "  }");

    Compilation compilation = Compilations.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[recount:TRIGGER_NOT_AN_EVENT] trigger() is given shop.Cart.Money,"
            + " which is not an event of Cart and never can be: its events are Cart.Opened,"
            + " Cart.ItemAdded; trigger one of them")
        .inFile(source)
        .onLineContaining("trigger(new Money(cents));");
  }

  @Test
  void creatingWithSomethingThatIsNotAnEventIsReportedAtTheArgument() {
    JavaFileObject source = cart(
        "  static Cart open() {",
        "    return create(Cart::new, \"opened\");",
        "  }",
        "  void bump(Cart other) {",
        "    other.trigger(42);",
        "  }");

    Compilation compilation = Compilations.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "[recount:TRIGGER_NOT_AN_EVENT] create() is given java.lang.String, which is not an"
                + " event of Cart")
        .inFile(source)
        .onLineContaining("return create(Cart::new, \"opened\");");
    assertThat(compilation)
        .hadErrorContaining(
            "[recount:TRIGGER_NOT_AN_EVENT] trigger() is given java.lang.Integer, which is not an"
                + " event of Cart")
        .inFile(source)
        .onLineContaining("other.trigger(42);");
  }

  @Test
  void anotherAggregatesEventIsNotAnEventOfThisOne() {
    JavaFileObject other = JavaFileObjects.forSourceLines(
        "shop.Order",
        "package shop;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class Order extends AggregateRoot {",
        "  @Event record Placed() {}",
        "",
        "  @Apply void on(Placed event) {}",
        "}");
    JavaFileObject source =
        cart("  void order() {", "    Runnable later = () -> trigger(new Order.Placed());", "  }");

    Compilation compilation = Compilations.compile(source, other);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[recount:TRIGGER_NOT_AN_EVENT] trigger() is given shop.Order.Placed")
        .inFile(source)
        .onLineContaining("trigger(new Order.Placed())");
  }

  @Test
  void callsInAnAnonymousClassAreCheckedAgainstTheEnclosingAggregate() {
    JavaFileObject source = cart(
        "  Runnable later(long cents) {",
        "    return new Runnable() {",
        "      @Override public void run() {",
        "        trigger(new Money(cents));",
        "      }",
        "    };",
        "  }");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:TRIGGER_NOT_AN_EVENT] trigger() is given shop.Cart.Money",
        source,
        "trigger(new Money(cents));");
  }

  @Test
  void argumentsThatMightBeAnEventCompileAndAreCheckedAtRunTime() {
    assertThat(Compilations.compile(cart(
            "  static Cart open() {",
            "    return create(Cart::new, new Opened());",
            "  }",
            "  void add(String item) {",
            "    trigger(new ItemAdded(item));",
            "    this.trigger(new ItemAdded(item));",
            "  }",
            "  void replay(Object event, Change change) {",
            "    trigger(event);",
            "    trigger(change);",
            "  }",
            "  <E extends Record> void generic(E event) {",
            "    trigger(event);",
            "  }",
            "  void end() {",
            "    trigger(new AggregateRoot.Discarded());",
            "  }")))
        .succeededWithoutWarnings();
  }
}
