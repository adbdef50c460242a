package dev.recount.internal;

import dev.recount.AggregateRoot;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds the generated mutator of an aggregate class. The processor registers every mutator as a
 * {@link ServiceLoader} provider, which is how a new aggregate's first {@code trigger} finds it
 * without reflection; the mutators are loaded once, on first use.
 */
public final class Mutators {
  private static final ClassValue<Mutator<AggregateRoot>> BY_CLASS = new ClassValue<>() {
    @Override
    protected Mutator<AggregateRoot> computeValue(Class<?> type) {
      return Registry.ALL.get(type);
    }
  };

  private Mutators() {}

  /**
   * The mutator of the aggregate's class.
   *
   * @throws IllegalStateException if the processor wrote none for it
   */
  public static Mutator<AggregateRoot> of(AggregateRoot aggregate) {
    Mutator<AggregateRoot> mutator = BY_CLASS.get(aggregate.getClass());
    if (mutator == null) {
      throw new IllegalStateException(
          "no generated mutator for " + aggregate.getClass().getName()
              + ": is it annotated @Aggregate, and was it compiled with recount-processor on the"
              + " annotation processor path (maven-compiler-plugin annotationProcessorPaths)?");
    }
    return mutator;
  }

  /** All registered mutators, by aggregate class. */
  public static Map<Class<?>, Mutator<AggregateRoot>> all() {
    return Registry.ALL;
  }

  /** Holder, so that the service loader runs on first use only. */
  private static final class Registry {
    static final Map<Class<?>, Mutator<AggregateRoot>> ALL = load();

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<Class<?>, Mutator<AggregateRoot>> load() {
      Map<Class<?>, Mutator<AggregateRoot>> all = new HashMap<>();
      ClassLoader loader = Mutators.class.getClassLoader();
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      for (ClassLoader each : new ClassLoader[] {context, loader}) {
        if (each == null) {
          continue;
        }
        for (Mutator mutator : ServiceLoader.load(Mutator.class, each)) {
          all.putIfAbsent(mutator.aggregateClass(), mutator);
        }
      }
      return Map.copyOf(all);
    }
  }
}
