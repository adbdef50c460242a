package dev.recount.test;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.recount.AggregateRoot;
import dev.recount.internal.Internal;
import dev.recount.internal.Mutator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.opentest4j.AssertionFailedError;

/**
 * What a store would do to one aggregate class's events, in memory: build an aggregate from past
 * events as a load does, pass an event through its generated codec as a save and a load do, and
 * capture the state as a snapshot does. All of it through the generated mutator, as the runtime's
 * own store pipeline reaches it.
 *
 * @param <A> the aggregate class
 */
final class Replay<A extends AggregateRoot> {
  private static final JsonFactory JSON = new JsonFactory();

  private final Class<A> type;
  private final Mutator<AggregateRoot> mutator;

  Replay(Class<A> type, Mutator<AggregateRoot> mutator) {
    this.type = type;
    this.mutator = mutator;
  }

  /** The aggregate's name in messages: {@code World}, or {@code Outer.World} when nested. */
  String name() {
    return Describe.localName(type);
  }

  Class<A> type() {
    return type;
  }

  /**
   * A new aggregate with {@code events} applied, as a load replays them: version and timestamps
   * follow, nothing is pending.
   *
   * @throws IllegalArgumentException if an event is not one of the aggregate's, or its
   *     {@code Apply} method throws
   */
  A load(UUID id, List<?> events, String what) {
    // A new instance first: AggregateRoot's initialiser, which it runs, registers the door.
    AggregateRoot aggregate = mutator.newInstance();
    Internal.Aggregates door = Internal.aggregates();
    door.initialise(aggregate, id, mutator);
    // Past events are stamped a microsecond apart, ending just before now, so that the command's
    // own events (stamped now) follow them as they would in a store.
    Instant timestamp =
        Instant.now().truncatedTo(ChronoUnit.MICROS).minus(events.size(), ChronoUnit.MICROS);
    for (int i = 0; i < events.size(); i++) {
      Object event = events.get(i);
      checkOwn(event, i, what);
      try {
        door.apply(aggregate, event, timestamp.plus(i, ChronoUnit.MICROS));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            name() + ": applying " + what + " #" + (i + 1) + ", " + Describe.event(event)
                + ", failed: " + e,
            e);
      }
    }
    return type.cast(aggregate);
  }

  private void checkOwn(Object event, int index, String what) {
    if (event == null) {
      throw new IllegalArgumentException(name() + ": " + what + " #" + (index + 1) + " is null");
    }
    if (event instanceof AggregateRoot.Discarded) {
      return;
    }
    try {
      mutator.events().topicOf(event);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          name() + ": " + what + " #" + (index + 1) + ", " + Describe.event(event)
              + ", is not one of its events: it is a " + event.getClass().getName(),
          e);
    }
  }

  /**
   * The events as a save and a load would give them back: each written by its codec and read again.
   *
   * @throws AssertionFailedError if one cannot be written or read, or reads back different
   */
  List<Object> stored(List<?> events, String what) {
    List<Object> stored = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      checkOwn(events.get(i), i, what);
      stored.add(stored(events.get(i), what + " #" + (i + 1)));
    }
    return stored;
  }

  private Object stored(Object event, String what) {
    if (event instanceof AggregateRoot.Discarded) {
      return event; // stored under its topic alone, with no state to encode
    }
    Object back;
    try {
      String topic = mutator.events().topicOf(event);
      byte[] json = write(generator -> mutator.events().write(event, generator));
      try (JsonParser parser = JSON.createParser(json)) {
        parser.nextToken();
        back = mutator.events().read(topic, parser);
      }
    } catch (IOException | RuntimeException e) {
      throw new AssertionFailedError(
          name() + ": " + what + ", " + Describe.event(event)
              + ", cannot be stored and read back by its generated codec: " + e,
          e);
    }
    if (!event.equals(back)) {
      throw new AssertionFailedError(
          name() + ": " + what + " reads back from storage as another event, so a save and a load"
              + " would change it (an Optional component given as null, or an array or other"
              + " component without a value-based equals?)\nas given:     " + Describe.event(event)
              + "\nread back as: " + Describe.event(back),
          Describe.event(event),
          Describe.event(back));
    }
    return back;
  }

  /** The aggregate's fields as its generated snapshot mapping writes them. */
  String snapshot(A aggregate) {
    byte[] json = write(generator -> mutator.snapshots().write(aggregate, generator));
    return new String(json, StandardCharsets.UTF_8);
  }

  private interface Writing {
    void write(JsonGenerator generator) throws IOException;
  }

  private static byte[] write(Writing writing) {
    ByteArrayBuilder bytes = new ByteArrayBuilder(256);
    try (JsonGenerator generator = JSON.createGenerator(bytes)) {
      writing.write(generator);
    } catch (IOException e) {
      throw new AssertionFailedError("writing JSON to memory failed: " + e, e);
    }
    return bytes.toByteArray();
  }
}
