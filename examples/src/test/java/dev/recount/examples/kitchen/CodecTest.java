package dev.recount.examples.kitchen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.CipherKeys;
import dev.recount.examples.kitchen.KitchenSink.Colour;
import dev.recount.examples.kitchen.KitchenSink.Everything;
import dev.recount.examples.kitchen.KitchenSink.Point;
import dev.recount.examples.kitchen.KitchenSink.Shape;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every supported component type survives a save and a load, through the generated codecs. */
class CodecTest {

  static Everything everything() {
    Map<String, List<Shape>> shapes = new LinkedHashMap<>();
    shapes.put(
        "triangles",
        List.of(
            new Shape("t", List.of(new Point(0, 0), new Point(1, 2)), Optional.of(Colour.GREEN))));
    shapes.put("none", List.of());
    return new Everything(
        true,
        (byte) -7,
        (short) 300,
        -42,
        Long.MAX_VALUE,
        'ü',
        1.5f,
        Math.PI,
        false,
        (byte) 1,
        (short) 2,
        3,
        4L,
        'x',
        2.5f,
        -0.0,
        "Grüße, \"world\"\n",
        UUID.randomUUID(),
        Instant.parse("2026-11-24T21:42:00.123456789Z"),
        LocalDate.of(2026, 11, 24),
        LocalDateTime.of(2026, 11, 24, 21, 42, 1),
        Duration.ofMillis(1500),
        new BigDecimal("1.10"),
        new BigInteger("123456789012345678901234567890"),
        Colour.RED,
        new byte[] {0, 1, -1, 127},
        List.of("a", "b"),
        Set.of(3),
        Map.of("k", 9L),
        List.of(List.of(UUID.randomUUID()), List.of()),
        Optional.empty(),
        Optional.of(new Point(3, 4)),
        new Point(5, 6),
        new Shape("square", List.of(new Point(1, 1)), Optional.empty()),
        shapes);
  }

  @Test
  void everySupportedTypeRoundTrips() {
    Everything original = everything();
    try (Application app = Application.builder()
        .cipherKey(CipherKeys.generate())
        .compressor("zlib")
        .build()) {
      KitchenSink sink = KitchenSink.start();
      sink.record(original);
      KitchenSinkRepository.of(app).save(sink);

      Everything loaded = KitchenSinkRepository.of(app).get(sink.id()).last;

      assertThat(loaded)
          .usingRecursiveComparison()
          .withEqualsForType(Arrays::equals, byte[].class)
          .isEqualTo(original);
      assertThat(loaded.decimal().scale()).isEqualTo(2);
    }
  }

  /** Every reference component null (Optionals empty), but {@code maybe} and {@code shape}. */
  private static Everything withNulls(Optional<String> maybe, Shape shape) {
    return new Everything(
        false,
        (byte) 0,
        (short) 0,
        0,
        0,
        'a',
        0,
        0,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        maybe,
        Optional.empty(),
        null,
        shape,
        null);
  }

  @Test
  void nullComponentsRoundTrip() {
    Everything withNulls = withNulls(Optional.empty(), null);
    try (Application app = Application.builder().build()) {
      KitchenSink sink = KitchenSink.start();
      sink.record(withNulls);
      KitchenSinkRepository.of(app).save(sink);

      assertThat(KitchenSinkRepository.of(app).get(sink.id()).last).isEqualTo(withNulls);
    }
  }

  @Test
  void anExplicitTopicIsStored() {
    try (Application app = Application.builder().build()) {
      KitchenSink sink = KitchenSink.start();
      sink.count(1, "x");
      KitchenSinkRepository.of(app).save(sink);

      assertThat(app.storedEvents(sink.id()).get(1).topic()).isEqualTo("kitchen.Counted");
      assertThat(app.storedEvents(sink.id()).get(0).topic())
          .isEqualTo("dev.recount.examples.kitchen.KitchenSink.Started");
    }
  }

  /**
   * A null Optional component would be stored as absent and replayed as {@code Optional.empty()},
   * so the live aggregate would differ from its replay: trigger refuses it, before applying it.
   */
  @Test
  void aNullOptionalComponentIsRefusedWhenTriggered() {
    try (Application app = Application.builder().build()) {
      KitchenSink sink = KitchenSink.start();

      assertThatThrownBy(() -> sink.record(withNulls(null, null)))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("KitchenSink.Everything.maybe is a null Optional: use Optional.empty()");

      assertThat(sink.version()).isEqualTo(1);
      assertThat(sink.pendingEvents()).hasSize(1);
      assertThat(sink.last).isNull();
      KitchenSinkRepository.of(app).save(sink);
      assertThat(KitchenSinkRepository.of(app).get(sink.id()).state()).isEqualTo(sink.state());
    }
  }

  /**
   * The refusal covers the event's own components only: a null Optional inside a nested record is
   * stored as absent and read back as {@code Optional.empty()} (docs/SCHEMA_EVOLUTION.md).
   */
  @Test
  void aNullOptionalInsideANestedRecordLoadsAsEmpty() {
    try (Application app = Application.builder().build()) {
      KitchenSink sink = KitchenSink.start();
      sink.record(withNulls(Optional.empty(), new Shape("blank", List.of(), null)));
      KitchenSinkRepository.of(app).save(sink);

      assertThat(KitchenSinkRepository.of(app).get(sink.id()).last.shape())
          .isEqualTo(new Shape("blank", List.of(), Optional.empty()));
    }
  }
}
