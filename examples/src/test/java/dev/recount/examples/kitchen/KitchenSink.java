package dev.recount.examples.kitchen;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** An aggregate whose events and fields use every supported type, for round-trip tests. */
@Aggregate(snapshotInterval = 3)
public class KitchenSink extends AggregateRoot {
  enum Colour {
    RED,
    GREEN
  }

  record Point(int x, int y) {}

  record Shape(String name, List<Point> points, Optional<Colour> colour) {}

  @Event
  record Started() {}

  @Event
  record Everything(
      boolean flag,
      byte b,
      short s,
      int i,
      long l,
      char c,
      float f,
      double d,
      Boolean flagBox,
      Byte bBox,
      Short sBox,
      Integer iBox,
      Long lBox,
      Character cBox,
      Float fBox,
      Double dBox,
      String text,
      UUID uuid,
      Instant instant,
      LocalDate date,
      LocalDateTime dateTime,
      Duration duration,
      BigDecimal decimal,
      BigInteger integer,
      Colour colour,
      byte[] bytes,
      List<String> list,
      Set<Integer> set,
      Map<String, Long> map,
      List<List<UUID>> nested,
      Optional<String> maybe,
      Optional<Point> maybePoint,
      Point point,
      Shape shape,
      Map<String, List<Shape>> shapes) {}

  @Event(topic = "kitchen.Counted")
  record Counted(int by, String note) {}

  int count;
  String lastNote;
  Everything last;
  final List<String> notes = new ArrayList<>();
  final Set<Integer> increments = new LinkedHashSet<>();
  final Map<String, Integer> byNote = new HashMap<>();
  Optional<Point> lastPoint = Optional.empty();
  transient int appliedSinceLoad;

  public static KitchenSink start() {
    return create(KitchenSink::new, new Started());
  }

  public void record(Everything everything) {
    trigger(everything);
  }

  public void count(int by, String note) {
    trigger(new Counted(by, note));
  }

  @Apply
  void on(Started event) {}

  @Apply
  void on(Everything event) {
    last = event;
    lastPoint = Optional.ofNullable(event.point());
    appliedSinceLoad++;
  }

  @Apply
  void on(Counted event) {
    count += event.by();
    lastNote = event.note();
    notes.add(event.note());
    increments.add(event.by());
    byNote.merge(event.note(), event.by(), Integer::sum);
    appliedSinceLoad++;
  }

  /** The state that snapshots must capture, for comparing replays. */
  public String state() {
    return count + "|" + lastNote + "|" + notes + "|" + increments + "|"
        + new java.util.TreeMap<>(byNote) + "|" + lastPoint + "|"
        + (last == null ? null : last.text());
  }
}
