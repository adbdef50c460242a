package dev.recount.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.google.testing.compile.Compilation;
import dev.recount.internal.EventCodec;
import dev.recount.internal.EventMapping;
import dev.recount.internal.StoredDataException;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated codec of a versioned event (golden/VersionedGoldenTest/input) reads each stored
 * version and upcasts it; the generated event mapping reads a topic's aliases.
 */
class VersionedCodecTest {
  private static final JsonFactory JSON = new JsonFactory();

  private static EventCodec<Object> opened;
  private static EventMapping events;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void compileAccount() throws ReflectiveOperationException {
    Compilation compilation =
        Compilations.compile(Golden.input("VersionedGoldenTest", "com.acme.bank.Account"));
    CompiledClasses classes = new CompiledClasses(compilation);
    opened = (EventCodec<Object>) classes.loadClass("com.acme.bank.Account_Opened_Codec")
        .getField("INSTANCE").get(null);
    Class<?> mapping = classes.loadClass("com.acme.bank.Account_Events");
    java.lang.reflect.Field instance = mapping.getDeclaredField("INSTANCE");
    instance.setAccessible(true);
    events = (EventMapping) instance.get(null);
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
    assertThat(events.topics()).containsExactlyInAnyOrder("bank.Opened", "bank.Deposited",
        "bank.Paid");
    try (JsonParser parser = JSON.createParser("{\"cents\":5}")) {
      parser.nextToken();
      assertThat(events.read("bank.Paid", parser)).hasToString("Deposited[cents=5]");
    }
  }
}
