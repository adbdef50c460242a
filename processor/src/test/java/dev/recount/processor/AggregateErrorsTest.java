package dev.recount.processor;

import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Misuses of {@code @Aggregate} and of an aggregate's fields, and clashes of generated names: each
 * is one error, at the class or field that is wrong, with its message id.
 */
class AggregateErrorsTest {

  @Test
  void aggregateOnAnInterfaceIsReportedOnTheInterface() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.AggregateInterface",
        "package test;",
        "",
        "import dev.recount.annotations.Aggregate;",
        "",
        "@Aggregate",
        "interface AggregateInterface {}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:AGGREGATE_NOT_A_CLASS] @Aggregate must be placed on a class",
        source,
        "interface AggregateInterface");
  }

  @Test
  void forgottenAggregateIsOneErrorAtTheClass() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "shop.Cart",
        "package shop;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "public class Cart extends AggregateRoot {",
        "  @Event public record Opened() {}",
        "  @Event public record ItemAdded(String item) {}",
        "  @Event public record ItemRemoved(String item) {}",
        "",
        "  public static Cart open() {",
        "    return create(Cart::new, new Opened());",
        "  }",
        "",
        "  @Apply void on(Opened event) {}",
        "  @Apply void on(ItemAdded event) {}",
        "  @Apply void on(ItemRemoved event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:AGGREGATE_MISSING] Cart has @Event records Opened, ItemAdded,"
            + " ItemRemoved and @Apply methods on(), on(), on() but is not annotated @Aggregate: if"
            + " it is an aggregate, annotate it with @Aggregate",
        source,
        "public class Cart extends AggregateRoot");
  }

  @Test
  void forgottenAggregateWithTopLevelEventsIsStillOneError() {
    JavaFileObject event = JavaFileObjects.forSourceLines(
        "shop.Opened",
        "package shop;",
        "",
        "import dev.recount.annotations.Event;",
        "",
        "@Event public record Opened() {}");
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "shop.Cart",
        "package shop;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Apply;",
        "",
        "public class Cart extends AggregateRoot {",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(event, source),
        "[recount:AGGREGATE_MISSING] Cart has @Apply methods on() but is not"
            + " annotated @Aggregate",
        source,
        "public class Cart");
  }

  @Test
  void abstractAggregateIsReportedOnTheClass() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.AbstractAggregate",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "abstract class AbstractAggregate extends AggregateRoot {",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:AGGREGATE_ABSTRACT] @Aggregate class AbstractAggregate is"
            + " abstract; the repository must create instances of it: make it concrete",
        source,
        "abstract class AbstractAggregate");
  }

  @Test
  void aggregateNotExtendingAggregateRootIsReportedOnTheClass() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.PlainAggregate",
        "package test;",
        "",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class PlainAggregate {",
        "  String name;",
        "",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:AGGREGATE_NOT_AGGREGATE_ROOT] @Aggregate class"
            + " PlainAggregate must extend dev.recount.AggregateRoot",
        source,
        "class PlainAggregate");
  }

  @Test
  void aggregateExtendingAnotherClassIsOneErrorNotOnePerInheritedField() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.ListAggregate",
        "package test;",
        "",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "import java.util.ArrayList;",
        "",
        "@Aggregate",
        "class ListAggregate extends ArrayList<String> {",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:AGGREGATE_NOT_AGGREGATE_ROOT] @Aggregate class"
            + " ListAggregate must extend dev.recount.AggregateRoot",
        source,
        "class ListAggregate");
  }

  @Test
  void aggregateWithOnlyAPrivateNoArgumentConstructorIsReportedOnTheClass() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.PrivateConstructor",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class PrivateConstructor extends AggregateRoot {",
        "  private PrivateConstructor() {}",
        "",
        "  PrivateConstructor(String name) {}",
        "",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:AGGREGATE_NO_CONSTRUCTOR] @Aggregate class"
            + " PrivateConstructor needs a non-private constructor without parameters",
        source,
        "class PrivateConstructor extends");
  }

  @Test
  void aggregateWithOnlyAConstructorWithParametersIsReportedOnTheClass() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.ConstructorWithParameters",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class ConstructorWithParameters extends AggregateRoot {",
        "  ConstructorWithParameters(String name) {}",
        "",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:AGGREGATE_NO_CONSTRUCTOR] @Aggregate class"
            + " ConstructorWithParameters needs a non-private constructor without parameters",
        source,
        "class ConstructorWithParameters extends");
  }

  @Test
  void innerAggregateClassIsReportedOnTheClass() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.InnerAggregate",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "class InnerAggregate {",
        "  @Aggregate",
        "  class Account extends AggregateRoot {",
        "    @Event record Opened() {}",
        "",
        "    @Apply void on(Opened event) {}",
        "  }",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:AGGREGATE_INNER_CLASS] @Aggregate class Account is an inner"
            + " class; make it static or top-level",
        source,
        "class Account extends");
  }

  @Test
  void privateAggregateClassIsOneErrorOnTheClass() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.PrivateAggregate",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "class PrivateAggregate {",
        "  @Aggregate",
        "  private static class Account extends AggregateRoot {",
        "    @Event record Opened() {}",
        "",
        "    @Apply void on(Opened event) {}",
        "  }",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:AGGREGATE_PRIVATE] @Aggregate class Account must not be"
            + " private: generated code in its package creates and changes it",
        source,
        "private static class Account");
  }

  @Test
  void aggregateNestedInAPrivateClassIsOneErrorOnTheAggregate() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.HiddenAggregate",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "class HiddenAggregate {",
        "  private static class Holder {",
        "    @Aggregate",
        "    static class Account extends AggregateRoot {",
        "      @Event record Opened() {}",
        "",
        "      @Apply void on(Opened event) {}",
        "    }",
        "  }",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:AGGREGATE_PRIVATE] @Aggregate class Account (in the private"
            + " class Holder) must not be private",
        source,
        "static class Account");
  }

  @Test
  void genericAggregateIsReportedOnTheClass() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.GenericAggregate",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class GenericAggregate<T> extends AggregateRoot {",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:GENERIC_TYPE] @Aggregate class GenericAggregate must not be" + " generic",
        source,
        "class GenericAggregate<T>");
  }

  @Test
  void privateFieldIsReportedOnTheField() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.PrivateField",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class PrivateField extends AggregateRoot {",
        "  private String owner;",
        "  private transient String derived;",
        "",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:FIELD_PRIVATE] field 'owner' is private: the generated"
            + " PrivateField_Snapshot captures the aggregate's state for snapshots, so make the"
            + " field package-private, or transient if it can be derived",
        source,
        "private String owner");
  }

  @Test
  void privateFieldOfASuperclassIsReportedOnTheAggregate() {
    JavaFileObject base = JavaFileObjects.forSourceLines(
        "test.BaseWithSecret",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "",
        "abstract class BaseWithSecret extends AggregateRoot {",
        "  private int secret;",
        "}");
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.InheritsSecret",
        "package test;",
        "",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class InheritsSecret extends BaseWithSecret {",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(base, source),
        "[recount:FIELD_PRIVATE] field 'secret' of BaseWithSecret is private:"
            + " the generated InheritsSecret_Snapshot captures",
        source,
        "class InheritsSecret");
  }

  @Test
  void protectedFieldOfASuperclassInAnotherPackageIsReportedOnTheAggregate() {
    JavaFileObject base = JavaFileObjects.forSourceLines(
        "base.Base",
        "package base;",
        "",
        "import dev.recount.AggregateRoot;",
        "",
        "public abstract class Base extends AggregateRoot {",
        "  protected int counter;",
        "  public String name;",
        "}");
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.InheritsProtected",
        "package test;",
        "",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class InheritsProtected extends base.Base {",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(base, source),
        "[recount:FIELD_PRIVATE] field 'counter' of Base is protected in"
            + " another package: the generated InheritsProtected_Snapshot captures the"
            + " aggregate's state for snapshots, so make the field public",
        source,
        "class InheritsProtected");
  }

  @Test
  void finalFieldThatCannotBeRefilledIsReportedOnTheField() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.FinalField",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "import java.util.ArrayList;",
        "import java.util.List;",
        "",
        "@Aggregate",
        "class FinalField extends AggregateRoot {",
        "  final long limit = 100;",
        "  final List<String> refilled = new ArrayList<>();",
        "",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:FIELD_FINAL] final field 'limit' of type long cannot be"
            + " restored from a snapshot",
        source,
        "final long limit");
  }

  @Test
  void finalOptionalFieldIsReportedOnTheField() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.FinalOptionalField",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "import java.util.Optional;",
        "",
        "@Aggregate",
        "class FinalOptionalField extends AggregateRoot {",
        "  final Optional<String> nickname = Optional.empty();",
        "",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:FIELD_FINAL] final field 'nickname' of type"
            + " java.util.Optional<java.lang.String> cannot be restored from a snapshot",
        source,
        "Optional<String> nickname");
  }

  @Test
  void fieldOfUnsupportedTypeIsReportedOnTheFieldNamingTheType() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.UnsupportedField",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "import java.util.List;",
        "",
        "@Aggregate",
        "class UnsupportedField extends AggregateRoot {",
        "  List<Thread> workers;",
        "  transient Thread notCaptured;",
        "",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:UNSUPPORTED_TYPE] field 'workers' has type"
            + " java.util.List<java.lang.Thread> (java.lang.Thread is not supported), which"
            + " Recount cannot store",
        source,
        "List<Thread> workers");
  }

  @Test
  void unsupportedFieldOfASuperclassIsReportedOnTheAggregate() {
    JavaFileObject base = JavaFileObjects.forSourceLines(
        "test.BaseWithThread",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "",
        "abstract class BaseWithThread extends AggregateRoot {",
        "  Thread worker;",
        "}");
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.InheritsThread",
        "package test;",
        "",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class InheritsThread extends BaseWithThread {",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(base, source),
        "[recount:UNSUPPORTED_TYPE] field 'worker' of BaseWithThread has type"
            + " java.lang.Thread, which Recount cannot store",
        source,
        "class InheritsThread");
  }

  @Test
  void fieldHidingAFieldOfASuperclassIsReportedOnTheField() {
    JavaFileObject base = JavaFileObjects.forSourceLines(
        "test.BaseWithBalance",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "",
        "abstract class BaseWithBalance extends AggregateRoot {",
        "  long balance;",
        "}");
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.HidesBalance",
        "package test;",
        "",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class HidesBalance extends BaseWithBalance {",
        "  int balance;",
        "",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(base, source),
        "[recount:FIELD_HIDDEN] field 'balance' hides field 'balance' of"
            + " BaseWithBalance, and snapshots store fields by name: rename one of them",
        source,
        "int balance");
  }

  @Test
  void handWrittenTypeWithTheRepositoryNameIsReportedOnTheAggregate() {
    JavaFileObject existing = JavaFileObjects.forSourceLines(
        "test.ClashRepository", "package test;", "", "class ClashRepository {}");
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.Clash",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class Clash extends AggregateRoot {",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(existing, source),
        "[recount:GENERATED_NAME_CLASH] the generated type"
            + " test.ClashRepository would clash with an existing type of that name; rename Clash",
        source,
        "class Clash extends");
  }

  @Test
  void nestedAndTopLevelEventsWithTheSameCodecNameAreOneErrorOnTheSecond() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.Twin",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class Twin extends AggregateRoot {",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "",
        "  @Apply void on(Twin_Opened event) {}",
        "}");
    JavaFileObject twin = JavaFileObjects.forSourceLines(
        "test.Twin_Opened",
        "package test;",
        "",
        "import dev.recount.annotations.Event;",
        "",
        "@Event",
        "record Twin_Opened() {}");

    Compilations.assertOneError(
        Compilations.compile(source, twin),
        "[recount:GENERATED_NAME_CLASH] the generated type"
            + " test.Twin_Opened_Codec would clash with the type of that name generated for"
            + " test.Twin.Opened; rename Twin_Opened",
        twin,
        "record Twin_Opened");
  }

  @Test
  void nestedAndTopLevelAggregatesWithTheSameGeneratedNamesAreOneErrorOnTheSecond() {
    JavaFileObject outer = JavaFileObjects.forSourceLines(
        "test.Outer",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "class Outer {",
        "  @Aggregate",
        "  static class Account extends AggregateRoot {",
        "    @Event record Opened() {}",
        "",
        "    @Apply void on(Opened event) {}",
        "  }",
        "}");
    JavaFileObject flat = JavaFileObjects.forSourceLines(
        "test.Outer_Account",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class Outer_Account extends AggregateRoot {",
        "  @Event record Closed() {}",
        "",
        "  @Apply void on(Closed event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(outer, flat),
        "[recount:GENERATED_NAME_CLASH] the generated type"
            + " test.Outer_Account_Mutator would clash with the type of that name generated for"
            + " test.Outer.Account; rename Outer_Account",
        flat,
        "class Outer_Account");
  }
}
