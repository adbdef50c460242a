package dev.recount.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import com.google.testing.compile.JavaFileObjects;
import dev.recount.AggregateRoot;
import dev.recount.internal.EventCodec;
import dev.recount.internal.EventMapping;
import dev.recount.internal.Mutator;
import dev.recount.internal.SnapshotMapping;
import dev.recount.internal.StoredDataException;
import java.io.IOException;
import java.io.StringWriter;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated codec of a versioned event (golden/VersionedGoldenTest/input) reads each stored
 * version and upcasts it; the generated event mapping reads a topic's aliases; the generated
 * snapshot mapping restores snapshots of each declared older shape.
 */
class VersionedCodecTest {
  private static final JsonFactory JSON = new JsonFactory();

  private static EventCodec<Object> opened;
  private static EventMapping events;
  private static Mutator<AggregateRoot> account;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void compileAccount() throws ReflectiveOperationException {
    Compilation compilation =
        Compilations.compile(Golden.input("VersionedGoldenTest", "com.acme.bank.Account"));
    CompiledClasses classes = new CompiledClasses(compilation);
    opened = (EventCodec<Object>) classes
        .loadClass("com.acme.bank.Account_Opened_Codec")
        .getField("INSTANCE")
        .get(null);
    Class<?> mapping = classes.loadClass("com.acme.bank.Account_Events");
    java.lang.reflect.Field instance = mapping.getDeclaredField("INSTANCE");
    instance.setAccessible(true);
    events = (EventMapping) instance.get(null);
    account = classes.newInstance("com.acme.bank.Account_Mutator", Mutator.class);
  }

  /** The snapshot mapping of version 1 of the account, compiled on its own. */
  @SuppressWarnings("unchecked") // a Mutator loaded by name: its type argument is unknown here
  private static SnapshotMapping<AggregateRoot> versionOneSnapshots() {
    JavaFileObject versionOne = JavaFileObjects.forSourceLines(
        "old.Account",
        "package old;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "import java.util.List;",
        "",
        "@Aggregate",
        "public class Account extends AggregateRoot {",
        "  List<Remark> notes;", // another order and other class names: the same stored shape
        "  long balance;",
        "  String owner;",
        "",
        "  record Remark(String text) {}",
        "",
        "  @Event record Opened(String name) {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");
    Compilation compilation = Compilations.compile(versionOne);
    CompilationSubject.assertThat(compilation).succeeded();
    return new CompiledClasses(compilation)
        .newInstance("old.Account_Mutator", Mutator.class)
        .snapshots();
  }

  private AggregateRoot restore(String fingerprint, String json) throws IOException {
    AggregateRoot restored = account.newInstance();
    try (JsonParser parser = JSON.createParser(json)) {
      parser.nextToken();
      account.snapshots().read(restored, fingerprint, parser);
    }
    return restored;
  }

  private String snapshotOf(AggregateRoot restored) throws IOException {
    StringWriter written = new StringWriter();
    try (JsonGenerator generator = JSON.createGenerator(written)) {
      account.snapshots().write(restored, generator);
    }
    return written.toString();
  }

  @Test
  void aDeclaredOlderSnapshotShapeHasTheFingerprintThatVersionStored() {
    String stored = versionOneSnapshots().fingerprint();

    assertThat(account.snapshots().reads(stored)).isTrue();
    assertThat(account.snapshots().fingerprint()).startsWith("3/").isNotEqualTo(stored);
  }

  @Test
  void restoresVersionOneSnapshotsThroughBothUpcasters() throws IOException {
    AggregateRoot restored = restore(
        versionOneSnapshots().fingerprint(),
        "{\"owner\":\"ann\",\"balance\":15,\"notes\":[{\"text\":\"vip\"}]}");

    assertThat(snapshotOf(restored))
        .isEqualTo("{\"owner\":\"ann\",\"currency\":\"EUR\",\"cents\":15}");
  }

  @Test
  void restoresCurrentSnapshots() throws IOException {
    String current = "{\"owner\":\"bob\",\"currency\":\"USD\",\"cents\":7}";

    assertThat(snapshotOf(restore(account.snapshots().fingerprint(), current))).isEqualTo(current);
  }

  @Test
  void ignoresSnapshotsOfShapesItDoesNotDeclare() {
    assertThat(account.snapshots().reads("0123456789abcdef0123456789abcdef")).isFalse();
    assertThat(
            account.snapshots().reads("4/" + account.snapshots().fingerprint().substring(2)))
        .isFalse();
  }

  @Test
  void requiresTheFieldsOfTheStoredSnapshotVersion() {
    assertThatThrownBy(() -> restore(versionOneSnapshots().fingerprint(), "{\"owner\":\"ann\"}"))
        .isInstanceOf(StoredDataException.class)
        .hasMessageContaining("snapshot of com.acme.bank.Account version 1")
        .hasMessageContaining("'balance'");
  }

  private static Object read(EventCodec<Object> codec, String json) throws IOException {
    try (JsonParser parser = JSON.createParser(json)) {
      parser.nextToken();
      return codec.read(parser);
    }
  }

  @Test
  void readsVersionOneWhichHasNoVersionField() throws IOException {
    assertThat(read(opened, "{\"name\":\"ann\"}")).hasToString("Opened[owner=ann, currency=EUR]");
  }

  @Test
  void readsVersionTwo() throws IOException {
    assertThat(read(opened, "{\"@v\":2,\"owner\":\"bob\",\"extra\":[1]}"))
        .hasToString("Opened[owner=bob, currency=EUR]");
  }

  @Test
  void writesAndReadsTheCurrentVersion() throws IOException {
    Object event = read(opened, "{\"@v\":3,\"owner\":\"cy\",\"currency\":\"USD\"}");
    StringWriter written = new StringWriter();
    try (JsonGenerator generator = JSON.createGenerator(written)) {
      opened.write(event, generator);
    }
    assertThat(written).hasToString("{\"@v\":3,\"owner\":\"cy\",\"currency\":\"USD\"}");
    assertThat(read(opened, written.toString())).isEqualTo(event);
  }

  @Test
  void rejectsAVersionItDoesNotKnow() {
    assertThatThrownBy(() -> read(opened, "{\"@v\":4,\"owner\":\"cy\"}"))
        .isInstanceOf(StoredDataException.class)
        .hasMessage("stored event bank.Opened has version 4, but its code knows versions 1 to 3:"
            + " was it written by newer code?");
  }

  @Test
  void requiresTheComponentsOfTheStoredVersion() {
    assertThatThrownBy(() -> read(opened, "{\"@v\":2,\"name\":\"ann\"}"))
        .isInstanceOf(StoredDataException.class)
        .hasMessage("stored event bank.Opened version 2 has no field 'owner'");
  }

  @Test
  void readsEventsStoredUnderAnAlias() throws IOException {
    assertThat(events.topics())
        .containsExactlyInAnyOrder("bank.Opened", "bank.Deposited", "bank.Paid");
    try (JsonParser parser = JSON.createParser("{\"cents\":5}")) {
      parser.nextToken();
      assertThat(events.read("bank.Paid", parser)).hasToString("Deposited[cents=5]");
    }
  }
}
