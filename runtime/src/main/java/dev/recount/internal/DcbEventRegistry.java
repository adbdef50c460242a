package dev.recount.internal;

import dev.recount.AggregateRoot;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds the registered {@link DcbEvents} of an event class or a topic. Loaded once, on first use,
 * through the service loader (no reflection).
 */
public final class DcbEventRegistry {
  private static final ClassValue<DcbEvents> BY_CLASS = new ClassValue<>() {
    @Override
    protected DcbEvents computeValue(Class<?> type) {
      return Registry.BY_EVENT_CLASS.get(type);
    }
  };

  private DcbEventRegistry() {}

  /**
   * The mapping that writes events of {@code event}'s class.
   *
   * @throws IllegalArgumentException if no registered {@link DcbEvents} has that class
   */
  public static DcbEvents ofEvent(Object event) {
    DcbEvents events = BY_CLASS.get(event.getClass());
    if (events == null) {
      throw new IllegalArgumentException(event.getClass().getName()
          + " is not an event that can be appended without an aggregate: no generated DcbEvents"
          + " lists it (is it a tagged @Event record compiled with recount-processor?)");
    }
    return events;
  }

  /** The mapping that reads events of {@code topic}; {@code null} if none has it. */
  public static DcbEvents ofTopic(String topic) {
    return Registry.BY_TOPIC.get(topic);
  }

  /** Holder, so that the service loader runs on first use only. */
  private static final class Registry {
    static final Map<Class<?>, DcbEvents> BY_EVENT_CLASS;
    static final Map<String, DcbEvents> BY_TOPIC;

    static {
      Map<Class<?>, DcbEvents> byClass = new HashMap<>();
      Map<String, DcbEvents> byTopic = new HashMap<>();
      ClassLoader loader = DcbEventRegistry.class.getClassLoader();
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      for (ClassLoader each : new ClassLoader[] {context, loader}) {
        if (each == null) {
          continue;
        }
        for (DcbEvents events : ServiceLoader.load(DcbEvents.class, each)) {
          for (Class<?> type : events.eventClasses()) {
            byClass.putIfAbsent(type, events);
          }
          for (String topic : events.topics()) {
            DcbEvents other = byTopic.putIfAbsent(topic, events);
            if (other != null && other.getClass() != events.getClass()) {
              throw new IllegalStateException("the topic '" + topic + "' is used by both "
                  + other.getClass().getName() + " and " + events.getClass().getName()
                  + "; give one of the events another @Event(topic = ...)");
            }
          }
        }
      }
      // A topic names one kind of event: an aggregate's, or one appended without an aggregate.
      for (Mutator<AggregateRoot> mutator : Mutators.all().values()) {
        for (String topic : mutator.events().topics()) {
          if (byTopic.containsKey(topic)) {
            throw new IllegalStateException("the topic '" + topic + "' is used by both "
                + mutator.aggregateClass().getName() + " and "
                + byTopic.get(topic).getClass().getName()
                + "; give one of the events another @Event(topic = ...)");
          }
        }
      }
      BY_EVENT_CLASS = Map.copyOf(byClass);
      BY_TOPIC = Map.copyOf(byTopic);
    }
  }
}
