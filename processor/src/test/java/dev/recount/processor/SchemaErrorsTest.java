package dev.recount.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema check ({@code -Arecount.schemaDir}), for events and for snapshots: the first
 * compilation records each version's shape; a later change without a new version is an error at the
 * record (or aggregate), with what changed and how to proceed; a new version is appended.
 */
class SchemaErrorsTest {
  @TempDir
  Path schemas;

  private static JavaFileObject account(String... event) {
    String[] head = {
      "package test;",
      "",
      "import dev.recount.AggregateRoot;",
      "import dev.recount.annotations.Aggregate;",
      "import dev.recount.annotations.Apply;",
      "import dev.recount.annotations.Event;",
      "import dev.recount.annotations.EventVersion;",
      "import dev.recount.annotations.Upcast;",
      "",
      "@Aggregate",
      "class Account extends AggregateRoot {"
    };
    String[] tail = {"", "  @Apply void on(Opened event) {}", "}"};
    String[] lines = new String[head.length + event.length + tail.length];
    System.arraycopy(head, 0, lines, 0, head.length);
    System.arraycopy(event, 0, lines, head.length, event.length);
    System.arraycopy(tail, 0, lines, head.length + event.length, tail.length);
    return JavaFileObjects.forSourceLines("test.Account", lines);
  }

  private Compilation compile(JavaFileObject source) {
    return Compilations.compileWithOptions(List.of("-Arecount.schemaDir=" + schemas), source);
  }

  private String schema() throws IOException {
    return Files.readString(schemas.resolve("bank.Opened.schema"), StandardCharsets.UTF_8);
  }

  @Test
  void firstCompilationRecordsTheShape() throws IOException {
    assertThat(compile(account(
            "  @Event(topic = \"bank.Opened\") record Opened(String owner, Money deposit) {}",
            "  record Money(long cents, String currency) {}")))
        .succeededWithoutWarnings();

    assertThat(schema()).endsWith("1 (owner: String, deposit: (cents: long, currency: String))\n");
  }

  @Test
  void changedComponentsWithoutANewVersionAreReportedAtTheRecord() throws IOException {
    assertThat(compile(account("  @Event(topic = \"bank.Opened\") record Opened(String owner) {}")))
        .succeeded();
    JavaFileObject changed = account(
        "  @Event(topic = \"bank.Opened\")", "  record Opened(String owner, String currency) {}");

    Compilation compilation = compile(changed);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[recount:SCHEMA_CHANGED] Opened version 1 was stored as"
            + " (owner: String) but is now (owner: String, currency: String) (added currency:"
            + " String): bump"
            + " @Event(version) to 2 and add an @EventVersion(1) record with the old components"
            + " and an @Upcast method from it, or, if no data was stored with version 1 yet,"
            + " accept the new shape by deleting line 4 of "
            + schemas.resolve("bank.Opened.schema"))
        .inFile(changed)
        .onLineContaining("record Opened(");
    assertThat(schema()).endsWith("1 (owner: String)\n");
  }

  @Test
  void aNewVersionWithItsUpcasterIsAppended() throws IOException {
    assertThat(compile(account("  @Event(topic = \"bank.Opened\") record Opened(String owner) {}")))
        .succeeded();

    assertThat(compile(account(
            "  @Event(topic = \"bank.Opened\", version = 2)",
            "  record Opened(String owner, String currency) {",
            "    @EventVersion(1) record V1(String owner) {}",
            "",
            "    @Upcast static Opened upcast(V1 old) { return new Opened(old.owner(), \"EUR\"); }",
            "  }")))
        .succeededWithoutWarnings();

    assertThat(schema()).endsWith("1 (owner: String)\n2 (owner: String, currency: String)\n");
  }

  @Test
  void unreadableSchemaFileIsReportedAtTheEvent() throws IOException {
    Files.writeString(schemas.resolve("bank.Opened.schema"), "one (owner: String)\n");
    JavaFileObject source =
        account("  @Event(topic = \"bank.Opened\") record Opened(String owner) {}");

    Compilation compilation = compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[recount:SCHEMA_UNREADABLE] cannot check the schema file "
            + schemas.resolve("bank.Opened.schema"))
        .inFile(source)
        .onLineContaining("record Opened(");
  }

  /** A {@code test.Wallet} aggregate annotated {@code aggregate}, with {@code members}. */
  private static JavaFileObject wallet(String aggregate, String... members) {
    List<String> lines = new ArrayList<>(List.of(
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "import dev.recount.annotations.SnapshotVersion;",
        "import dev.recount.annotations.Upcast;",
        "import java.util.List;",
        "",
        aggregate,
        "class Wallet extends AggregateRoot {",
        "  @Event(topic = \"wallet.Opened\") record Opened(String owner) {}",
        "",
        "  @Apply void on(Opened event) {}"));
    lines.addAll(List.of(members));
    lines.add("}");
    return JavaFileObjects.forSourceLines("test.Wallet", lines);
  }

  private String snapshotSchema() throws IOException {
    return Files.readString(schemas.resolve("test.Wallet.snapshot.schema"), StandardCharsets.UTF_8);
  }

  @Test
  void firstCompilationRecordsTheSnapshotShapeByName() throws IOException {
    assertThat(compile(wallet("@Aggregate", "  String owner;", "  List<Long> coins;")))
        .succeededWithoutWarnings();

    assertThat(snapshotSchema())
        .isEqualTo(
            "# Shapes of the stored versions of the snapshots of test.Wallet, one line per version.\n"
                + "# Written by recount-processor; commit it. See \"Schema evolution\" in the README.\n"
                + "1 (coins: List<Long>, owner: String)\n");
  }

  @Test
  void changedFieldsWithoutANewVersionAreReportedAtTheAggregate() throws IOException {
    assertThat(compile(wallet("@Aggregate", "  String owner;"))).succeeded();
    JavaFileObject changed = wallet("@Aggregate", "  String owner;", "  long cents;");

    Compilation compilation = compile(changed);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[recount:SNAPSHOT_SCHEMA_CHANGED] the snapshots of Wallet, version"
            + " 1, were stored as (owner: String) but are now (cents: long, owner: String) (added"
            + " cents: long): bump"
            + " @Aggregate(version) to 2 (snapshots of version 1 are then ignored and the"
            + " aggregate replayed from its events, unless you declare `@SnapshotVersion(1)"
            + " record V1(...)` with the old fields and an @Upcast method from it), or, if no"
            + " snapshot of version 1 was stored yet, accept the new shape by deleting line 3 of "
            + schemas.resolve("test.Wallet.snapshot.schema"))
        .inFile(changed)
        .onLineContaining("class Wallet");
    assertThat(snapshotSchema()).endsWith("\n1 (owner: String)\n");
  }

  @Test
  void fieldsInAnotherOrderAreTheSameShape() throws IOException {
    assertThat(compile(wallet("@Aggregate", "  String owner;", "  long cents;")))
        .succeeded();

    assertThat(compile(wallet("@Aggregate", "  long cents;", "  String owner;")))
        .succeededWithoutWarnings();
  }

  @Test
  void aNewVersionAndTheOldShapeAreAppendedAndChecked() throws IOException {
    assertThat(compile(wallet("@Aggregate", "  String owner;"))).succeeded();
    assertThat(compile(wallet(
            "@Aggregate(version = 2)",
            "  String owner;",
            "  long cents;",
            "  @SnapshotVersion(1) record V1(String owner) {}",
            "  @Upcast void restore(V1 old) { owner = old.owner(); }")))
        .succeededWithoutWarnings();
    assertThat(snapshotSchema()).endsWith("\n1 (owner: String)\n2 (cents: long, owner: String)\n");

    JavaFileObject wrongOldShape = wallet(
        "@Aggregate(version = 2)",
        "  String owner;",
        "  long cents;",
        "  @SnapshotVersion(1) record V1(String name) {}",
        "  @Upcast void restore(V1 old) { owner = old.name(); }");
    Compilation compilation = compile(wrongOldShape);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[recount:SNAPSHOT_SCHEMA_CHANGED] the snapshots of Wallet, version"
            + " 1, were stored as (owner: String) but are now (name: String) (added name: String;"
            + " removed owner)")
        .inFile(wrongOldShape)
        .onLineContaining("record V1(String name)");
  }

  @Test
  void aggregatesThatNeverSnapshotHaveNoSnapshotSchema() {
    assertThat(compile(wallet("@Aggregate(snapshotInterval = -1)", "  String owner;")))
        .succeededWithoutWarnings();

    assertThat(schemas.resolve("test.Wallet.snapshot.schema")).doesNotExist();
    assertThat(schemas.resolve("wallet.Opened.schema")).exists();
  }

  /** A {@code shop.Cart} aggregate with an {@code Opened} event and one more, {@code event}. */
  private static JavaFileObject cart(String event, String name) {
    return JavaFileObjects.forSourceLines(
        "shop.Cart",
        "package shop;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "public class Cart extends AggregateRoot {",
        "  @Event public record Opened() {}",
        "  " + event,
        "",
        "  @Apply void on(Opened event) {}",
        "  @Apply void on(" + name + " event) {}",
        "}");
  }

  private String orphanMessage(String topic, String fate) {
    Path file = schemas.resolve(topic + ".schema");
    return "[recount:SCHEMA_ORPHAN] no event has the topic '" + topic + "' any more, but its"
        + " schema file " + file + " remains (" + fate + "): events stored under it could not be"
        + " read; if the event was renamed or moved, keep its topic with @Event(topic = \"" + topic
        + "\") on the record, or add aliases = \"" + topic + "\" to the event that replaces it;"
        + " if no event was ever stored under it, delete " + file;
  }

  @Test
  void aRenamedEventWhoseTopicDisappearedIsAnErrorAtItsAggregate() throws IOException {
    assertThat(compile(cart("@Event public record ItemRemoved(String item) {}", "ItemRemoved")))
        .succeededWithoutWarnings();
    assertThat(Files.readString(schemas.resolve("shop.Cart.ItemRemoved.schema"), UTF_8))
        .contains("# Record: shop.Cart.ItemRemoved\n");
    JavaFileObject renamed =
        cart("@Event public record ItemDeleted(String item) {}", "ItemDeleted");

    Compilation compilation = compile(renamed);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(orphanMessage("shop.Cart.ItemRemoved", "shop.Cart.ItemRemoved is gone"))
        .inFile(renamed)
        .onLineContaining("public class Cart");
  }

  @Test
  void anAliasOfTheOldTopicFixesTheRename() {
    assertThat(compile(cart("@Event public record ItemRemoved(String item) {}", "ItemRemoved")))
        .succeededWithoutWarnings();

    assertThat(compile(cart(
            "@Event(aliases = \"shop.Cart.ItemRemoved\") public record ItemDeleted(String item) {}",
            "ItemDeleted")))
        .succeededWithoutWarnings();
  }

  @Test
  void keepingTheOldTopicFixesTheRename() {
    assertThat(compile(cart("@Event public record ItemRemoved(String item) {}", "ItemRemoved")))
        .succeededWithoutWarnings();

    assertThat(compile(cart(
            "@Event(topic = \"shop.Cart.ItemRemoved\") public record Deleted(String item) {}",
            "Deleted")))
        .succeededWithoutWarnings();
  }

  @Test
  void aChangedTopicOfTheSameRecordIsAnErrorAtTheRecord() {
    assertThat(compile(cart("@Event public record ItemRemoved(String item) {}", "ItemRemoved")))
        .succeededWithoutWarnings();
    JavaFileObject changed = cart(
        "@Event(topic = \"shop.Removed\") public record ItemRemoved(String item) {}",
        "ItemRemoved");

    Compilation compilation = compile(changed);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(orphanMessage(
            "shop.Cart.ItemRemoved", "shop.Cart.ItemRemoved is now stored as 'shop.Removed'"))
        .inFile(changed)
        .onLineContaining("public record ItemRemoved");
  }

  @Test
  void aTopicOfARecordNotCompiledNowIsLeftAlone(@TempDir Path classes) throws IOException {
    Compilation first =
        compile(cart("@Event public record ItemRemoved(String item) {}", "ItemRemoved"));
    assertThat(first).succeededWithoutWarnings();
    for (JavaFileObject file : first.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        Path target = classes.resolve(file.toUri().getPath().replaceFirst("^/CLASS_OUTPUT/", ""));
        Files.createDirectories(target.getParent());
        try (var in = file.openInputStream()) {
          Files.copy(in, target);
        }
      }
    }
    // An incremental build, or another module sharing the directory: only Order is compiled now,
    // Cart and its events are on the class path.
    JavaFileObject order = JavaFileObjects.forSourceLines(
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

    assertThat(Compilations.compileWithOptions(
            List.of("-Arecount.schemaDir=" + schemas), classes.toFile(), order))
        .succeededWithoutWarnings();
  }

  @Test
  void aRecordThatIsNoEventAnyMoreIsAnErrorAtTheRecord() throws IOException {
    assertThat(compile(cart("@Event public record ItemRemoved(String item) {}", "ItemRemoved")))
        .succeededWithoutWarnings();
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "shop.Cart",
        "package shop;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "public class Cart extends AggregateRoot {",
        "  @Event public record Opened() {}",
        "  public record ItemRemoved(String item) {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilation compilation = compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            orphanMessage("shop.Cart.ItemRemoved", "shop.Cart.ItemRemoved is no @Event any more"))
        .inFile(source)
        .onLineContaining("public record ItemRemoved");
  }
}
