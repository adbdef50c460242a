package dev.recount.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import com.google.testing.compile.JavaFileObjects;
import dev.recount.AggregateRoot;
import dev.recount.internal.EventMapping;
import dev.recount.internal.Mutator;
import dev.recount.internal.SnapshotMapping;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An aggregate whose events and fields use every supported type compiles without warnings, and its
 * generated codecs and snapshot mapping write and read back every value.
 */
class SupportedTypesTest {
  private static final JavaFileObject ALL_TYPES = JavaFileObjects.forSourceLines(
      "test.AllTypes",
      "package test;",
      "",
      "import dev.recount.AggregateRoot;",
      "import dev.recount.annotations.Aggregate;",
      "import dev.recount.annotations.Apply;",
      "import dev.recount.annotations.Event;",
      "import java.math.BigDecimal;",
      "import java.math.BigInteger;",
      "import java.time.Duration;",
      "import java.time.Instant;",
      "import java.time.LocalDate;",
      "import java.time.LocalDateTime;",
      "import java.util.ArrayList;",
      "import java.util.HashMap;",
      "import java.util.HashSet;",
      "import java.util.List;",
      "import java.util.Map;",
      "import java.util.Optional;",
      "import java.util.Set;",
      "import java.util.UUID;",
      "",
      "@Aggregate",
      "class AllTypes extends AggregateRoot {",
      "  enum Colour { RED, GREEN }",
      "",
      "  record Money(BigDecimal amount, String currency) {}",
      "",
      "  record Basket(String name, List<Money> prices) {}",
      "",
      "  @Event record Primitives(",
      "      boolean flag, byte b, short s, int i, long l, char c, float f, double d) {}",
      "",
      "  @Event record Boxes(",
      "      Boolean flag, Byte b, Short s, Integer i, Long l, Character c, Float f, Double d) {}",
      "",
      "  @Event record Values(String text, UUID id, Instant at, LocalDate day, LocalDateTime time,",
      "      Duration took, BigDecimal price, BigInteger big, Colour colour, byte[] bytes) {}",
      "",
      "  @Event record Containers(List<String> names, Set<Integer> numbers,",
      "      Map<String, Long> counts, List<List<Instant>> grid, Optional<String> nickname,",
      "      Map<String, List<Colour>> palette, Set<Colour> colours, Optional<Money> maybe) {}",
      "",
      "  @Event record Records(Money price, Basket basket, List<Basket> baskets,",
      "      Map<String, Money> byName) {}",
      "",
      "  @Event record Blobs(List<byte[]> list, Map<String, byte[]> byName,",
      "      Optional<byte[]> maybe) {}",
      "",
      "  String text;",
      "  int count;",
      "  Long boxed;",
      "  Colour colour;",
      "  byte[] bytes;",
      "  List<byte[]> blobs;",
      "  final List<String> names = new ArrayList<>();",
      "  final Set<UUID> ids = new HashSet<>();",
      "  final Map<String, Money> prices = new HashMap<>();",
      "  Optional<Basket> basket = Optional.empty();",
      "  Money total;",
      "  List<List<Colour>> grid;",
      "  transient Thread notCaptured;",
      "  static Thread notCapturedEither;",
      "",
      "  @Apply void on(Primitives event) {}",
      "  @Apply void on(Boxes event) {}",
      "  @Apply void on(Values event) {}",
      "  @Apply void on(Containers event) {}",
      "  @Apply void on(Records event) {}",
      "  @Apply void on(Blobs event) {}",
      "}");

  private static final JavaFileObject EVENT_SAMPLES = JavaFileObjects.forSourceLines(
      "test.EventSamples",
      "package test;",
      "",
      "import java.math.BigDecimal;",
      "import java.math.BigInteger;",
      "import java.time.Duration;",
      "import java.time.Instant;",
      "import java.time.LocalDate;",
      "import java.time.LocalDateTime;",
      "import java.util.List;",
      "import java.util.Map;",
      "import java.util.Optional;",
      "import java.util.Set;",
      "import java.util.UUID;",
      "import java.util.function.Supplier;",
      "import test.AllTypes.Basket;",
      "import test.AllTypes.Colour;",
      "import test.AllTypes.Money;",
      "",
      "public class EventSamples implements Supplier<List<Object>> {",
      "  @Override",
      "  public List<Object> get() {",
      "    Money euro = new Money(new BigDecimal(\"9.99\"), \"EUR\");",
      "    Money dollar = new Money(new BigDecimal(\"-0.000000000000000001\"), \"USD\");",
      "    return List.of(",
      "        new AllTypes.Primitives(true, (byte) -128, (short) 32767, Integer.MIN_VALUE,",
      "            Long.MAX_VALUE, '\\u00e9', 1.5f, -2.0e-300),",
      "        new AllTypes.Boxes(false, (byte) 127, (short) -32768, Integer.MAX_VALUE,",
      "            Long.MIN_VALUE, '\"', Float.MAX_VALUE, Double.MIN_VALUE),",
      "        new AllTypes.Boxes(null, null, null, null, null, null, null, null),",
      "        new AllTypes.Values(\"quotes \\\" and \\u00fcnicode \\u263a\",",
      "            UUID.fromString(\"123e4567-e89b-12d3-a456-426614174000\"),",
      "            Instant.parse(\"2024-02-29T12:34:56.123456789Z\"), LocalDate.of(2024, 2, 29),",
      "            LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999), Duration.ofSeconds(-5, 1),",
      "            new BigDecimal(\"12345678901234567890.000000000000000000001\"),",
      "            new BigInteger(\"-123456789012345678901234567890\"), Colour.GREEN,",
      "            new byte[] {0, 1, -1, 127, -128}),",
      "        new AllTypes.Values(null, null, null, null, null, null, null, null, null, null),",
      "        new AllTypes.Containers(List.of(\"a\", \"b\"), Set.of(1, 2, 3), Map.of(\"x\", 1L),",
      "            List.of(List.of(Instant.EPOCH, Instant.MAX), List.of()), Optional.of(\"nick\"),",
      "            Map.of(\"warm\", List.of(Colour.RED), \"none\", List.of()),",
      "            Set.of(Colour.RED, Colour.GREEN), Optional.of(euro)),",
      "        new AllTypes.Containers(List.of(), Set.of(), Map.of(), List.of(), Optional.empty(),",
      "            Map.of(), Set.of(), Optional.empty()),",
      "        new AllTypes.Records(euro, new Basket(\"mixed\", List.of(euro, dollar)),",
      "            List.of(new Basket(\"empty\", List.of()),",
      "                new Basket(\"one\", List.of(dollar))),",
      "            Map.of(\"euro\", euro)),",
      "        new AllTypes.Records(null, new Basket(null, null), List.of(), Map.of()),",
      "        new AllTypes.Blobs(List.of(new byte[] {1, 2}, new byte[0]),",
      "            Map.of(\"key\", new byte[] {-1}), Optional.of(new byte[] {42})));",
      "  }",
      "}");

  private static final JavaFileObject SNAPSHOT_SAMPLE = JavaFileObjects.forSourceLines(
      "test.SnapshotSample",
      "package test;",
      "",
      "import java.math.BigDecimal;",
      "import java.util.List;",
      "import java.util.Optional;",
      "import java.util.UUID;",
      "import java.util.function.Supplier;",
      "import test.AllTypes.Basket;",
      "import test.AllTypes.Colour;",
      "import test.AllTypes.Money;",
      "",
      "public class SnapshotSample implements Supplier<AllTypes> {",
      "  @Override",
      "  public AllTypes get() {",
      "    AllTypes aggregate = new AllTypes();",
      "    Money euro = new Money(new BigDecimal(\"9.99\"), \"EUR\");",
      "    aggregate.text = \"some text\";",
      "    aggregate.count = -3;",
      "    aggregate.boxed = 42L;",
      "    aggregate.colour = Colour.RED;",
      "    aggregate.bytes = new byte[] {1, 2, 3};",
      "    aggregate.blobs = List.of(new byte[] {4}, new byte[] {5, 6});",
      "    aggregate.names.add(\"first\");",
      "    aggregate.names.add(\"second\");",
      "    aggregate.ids.add(UUID.fromString(\"123e4567-e89b-12d3-a456-426614174000\"));",
      "    aggregate.prices.put(\"euro\", euro);",
      "    aggregate.basket = Optional.of(new Basket(\"basket\", List.of(euro, euro)));",
      "    aggregate.total = euro;",
      "    aggregate.grid = List.of(List.of(Colour.GREEN), List.of());",
      "    return aggregate;",
      "  }",
      "}");

  private static final JsonFactory JSON = new JsonFactory();

  private static Compilation compilation;
  private static Mutator<AggregateRoot> mutator;
  private static CompiledClasses classes;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void compileAllTypes() {
    compilation = Compilations.compile(ALL_TYPES, EVENT_SAMPLES, SNAPSHOT_SAMPLE);
    CompilationSubject.assertThat(compilation).succeeded();
    classes = new CompiledClasses(compilation);
    mutator = classes.newInstance("test.AllTypes_Mutator", Mutator.class);
  }

  @Test
  void compilesWithoutWarnings() {
    CompilationSubject.assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void everyEventRoundTripsThroughItsGeneratedCodec() {
    EventMapping events = mutator.events();
    List<?> samples = classes.supplied("test.EventSamples", List.class);
    assertThat(samples).hasSize(10);

    for (Object sample : samples) {
      String topic = events.topicOf(sample);
      String json = write(generator -> events.write(sample, generator));
      Object back = read(json, parser -> events.read(topic, parser));

      assertThat(back).as(json).usingRecursiveComparison().isEqualTo(sample);
      assertThat(write(generator -> events.write(back, generator))).isEqualTo(json);
    }
    assertThat(events.topics())
        .containsExactlyInAnyOrder(
            "test.AllTypes.Primitives",
            "test.AllTypes.Boxes",
            "test.AllTypes.Values",
            "test.AllTypes.Containers",
            "test.AllTypes.Records",
            "test.AllTypes.Blobs");
  }

  @Test
  void everyFieldRoundTripsThroughTheGeneratedSnapshot() {
    SnapshotMapping<AggregateRoot> snapshots = mutator.snapshots();
    AggregateRoot sample = classes.supplied("test.SnapshotSample", AggregateRoot.class);

    String json = write(generator -> snapshots.write(sample, generator));
    AggregateRoot back = mutator.newInstance();
    read(json, parser -> {
      snapshots.read(back, snapshots.fingerprint(), parser);
      return back;
    });

    assertThat(back)
        .as(json)
        .usingRecursiveComparison()
        .comparingOnlyFields(
            "text", "count", "boxed", "colour", "bytes", "blobs", "names", "ids", "prices",
            "basket", "total", "grid")
        .isEqualTo(sample);
    assertThat(write(generator -> snapshots.write(back, generator))).isEqualTo(json);
    assertThat(json).doesNotContain("notCaptured");
  }

  @Test
  void generatedSourcesUseNoReflection() {
    assertThat(compilation.generatedSourceFiles()).hasSize(11);
    for (JavaFileObject file : compilation.generatedSourceFiles()) {
      assertThat(Golden.contents(file))
          .as(file.getName())
          .doesNotContain(
              "java.lang.reflect",
              "Class.forName",
              "getDeclared",
              "setAccessible",
              "MethodHandle",
              "getMethod(",
              "getField(");
    }
  }

  @Test
  void generatedSourcesDoNotDependOnTheDefaultLocale() {
    Locale original = Locale.getDefault();
    Compilation turkish;
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR")); // "i".toUpperCase() is "\u0130" here
      turkish = Compilations.compile(ALL_TYPES, EVENT_SAMPLES, SNAPSHOT_SAMPLE);
    } finally {
      Locale.setDefault(original);
    }

    CompilationSubject.assertThat(turkish).succeededWithoutWarnings();
    for (JavaFileObject file : compilation.generatedSourceFiles()) {
      String name = file.getName()
          .replaceFirst("^/SOURCE_OUTPUT/", "")
          .replace(".java", "")
          .replace('/', '.');
      assertThat(turkish.generatedSourceFile(name).map(Golden::contents))
          .as(name)
          .contains(Golden.contents(file));
    }
  }

  private interface Writing {
    void writeTo(JsonGenerator generator) throws IOException;
  }

  private interface Reading {
    Object readFrom(JsonParser parser) throws IOException;
  }

  private static String write(Writing writing) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      writing.writeTo(generator);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static Object read(String json, Reading reading) {
    try (JsonParser parser = JSON.createParser(json)) {
      parser.nextToken();
      return reading.readFrom(parser);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
