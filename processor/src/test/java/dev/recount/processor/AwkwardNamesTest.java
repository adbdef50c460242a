package dev.recount.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * User names that collide with the generated code's own names (its locals, the types it refers to,
 * or each other once capitalized) still give generated code that compiles without warnings.
 */
class AwkwardNamesTest {

  @Test
  void fieldsThatDifferOnlyInTheCaseOfTheirFirstLetter() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.CaseFields",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class CaseFields extends AggregateRoot {",
        "  String url;",
        "  String Url;",
        "  boolean hasUrl;",
        "",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilation compilation = Compilations.compile(source);

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void componentsFieldsAndEventsNamedLikeGeneratedLocalsAndJavaLangTypes() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.LocalNames",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class LocalNames extends AggregateRoot {",
        "  java.lang.String json;",
        "  java.lang.String field;",
        "  int aggregate;",
        "  boolean hasJson;",
        "",
        "  record Value(java.lang.String json, java.lang.String value, java.lang.String field) {}",
        "",
        "  @Event record Named(java.lang.String json, java.lang.String field,",
        "      java.lang.String event, int x, boolean hasX, Value value) {}",
        "",
        "  @Event record Override(Value value) {}",
        "",
        "  @Event record Default() {}",
        "",
        "  @Event record String() {}",
        "",
        "  @Apply void on(Named event) {}",
        "  @Apply void on(Override event) {}",
        "  @Apply void on(Default event) {}",
        "  @Apply void on(String event) {}",
        "}");

    Compilation compilation = Compilations.compile(source);

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void typesOfTheAggregatesPackageNamedLikeTypesGeneratedCodeUses() {
    JavaFileObject aggregate = JavaFileObjects.forSourceLines(
        "test.Shadowed",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class Shadowed extends AggregateRoot {",
        "  java.util.List<java.lang.String> names = new java.util.ArrayList<>();",
        "",
        "  @Event record Named(java.lang.String name, java.util.UUID id) {}",
        "",
        "  @Apply void on(Named event) { names.add(event.name()); }",
        "}");
    JavaFileObject[] shadows = {
      JavaFileObjects.forSourceLines("test.Override", "package test;", "class Override {}"),
      JavaFileObjects.forSourceLines("test.String", "package test;", "class String {}"),
      JavaFileObjects.forSourceLines("test.List", "package test;", "class List {}"),
      JavaFileObjects.forSourceLines("test.UUID", "package test;", "class UUID {}"),
      JavaFileObjects.forSourceLines("test.IOException", "package test;", "class IOException {}"),
      JavaFileObjects.forSourceLines("test.JsonParser", "package test;", "class JsonParser {}"),
      JavaFileObjects.forSourceLines("test.Generated", "package test;", "class Generated {}")
    };
    JavaFileObject[] sources = new JavaFileObject[shadows.length + 1];
    sources[0] = aggregate;
    System.arraycopy(shadows, 0, sources, 1, shadows.length);

    Compilation compilation = Compilations.compile(sources);

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void recordsNamedLikeTheGeneratedVersionAndFieldReaders() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.Readers",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "import dev.recount.annotations.EventVersion;",
        "import dev.recount.annotations.SnapshotVersion;",
        "import dev.recount.annotations.Upcast;",
        "",
        "@Aggregate(version = 2)",
        "class Readers extends AggregateRoot {",
        "  Version1 first;",
        "  Fields fields;",
        "",
        "  @SnapshotVersion(1)",
        "  record V1(Version1 first) {}",
        "",
        "  @Upcast",
        "  void restore(V1 old) { first = old.first(); }",
        "",
        "  @Event(version = 2)",
        "  record Named(Version1 first, Version2 second, Fields fields) {",
        "    @EventVersion(1) record Old(Version1 first) {}",
        "",
        "    @Upcast static Named upcast(Old old) {",
        "      return new Named(old.first(), new Version2(0), new Fields(0));",
        "    }",
        "  }",
        "",
        "  @Apply void on(Named event) { first = event.first(); fields = event.fields(); }",
        "}");

    Compilation compilation = Compilations.compile(
        source,
        JavaFileObjects.forSourceLines(
            "test.Version1", "package test;", "record Version1(int a) {}"),
        JavaFileObjects.forSourceLines(
            "test.Version2", "package test;", "record Version2(int b) {}"),
        JavaFileObjects.forSourceLines("test.Fields", "package test;", "record Fields(int c) {}"));

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void topicConstantsOfAwkwardEventNamesAreDistinctConstants() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.Shop",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class Shop extends AggregateRoot {",
        "  @Event record All() {}",
        "  @Event record HTTPCallMade() {}",
        "  @Event record Item_Added() {}",
        "  @Event record ItemAdded() {}",
        "",
        "  @Apply void on(All event) {}",
        "  @Apply void on(HTTPCallMade event) {}",
        "  @Apply void on(Item_Added event) {}",
        "  @Apply void on(ItemAdded event) {}",
        "}");
    JavaFileObject user = JavaFileObjects.forSourceLines(
        "test.Filter",
        "package test;",
        "",
        "import java.util.Set;",
        "",
        "class Filter {",
        "  static final Set<String> TOPICS = ShopTopics.ALL;",
        "",
        "  static String describe(String topic) {",
        "    switch (topic) {",
        "      case ShopTopics.ALL_: return \"all\";",
        "      case ShopTopics.HTTP_CALL_MADE: return \"call\";",
        "      case ShopTopics.ITEM_ADDED: return \"Item_Added, declared first\";",
        "      case ShopTopics.ITEM_ADDED_: return \"ItemAdded\";",
        "      default: return \"?\";",
        "    }",
        "  }",
        "}");

    Compilation compilation = Compilations.compile(source, user);

    assertThat(compilation).succeededWithoutWarnings();
  }
}
