package dev.recount.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds the generated {@link DecisionMapping} of a decision model's class. The processor registers
 * every mapping as a {@link ServiceLoader} provider; they are loaded once, on first use, and found
 * without reflection.
 */
public final class DecisionMappings {
  private static final ClassValue<DecisionMapping<Object>> BY_CLASS = new ClassValue<>() {
    @Override
    protected DecisionMapping<Object> computeValue(Class<?> type) {
      return Registry.ALL.get(type);
    }
  };

  private DecisionMappings() {}

  /**
   * The mapping of {@code model}'s class.
   *
   * @throws IllegalArgumentException if the processor wrote none for it
   */
  public static DecisionMapping<Object> of(Object model) {
    DecisionMapping<Object> mapping = BY_CLASS.get(model.getClass());
    if (mapping == null) {
      throw new IllegalArgumentException(
          "no generated decision mapping for " + model.getClass().getName()
              + ": is it annotated @DecisionModel, and was it compiled with recount-processor on"
              + " the annotation processor path (maven-compiler-plugin annotationProcessorPaths)?");
    }
    return mapping;
  }

  /** Holder, so that the service loader runs on first use only. */
  private static final class Registry {
    static final Map<Class<?>, DecisionMapping<Object>> ALL = load();

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<Class<?>, DecisionMapping<Object>> load() {
      Map<Class<?>, DecisionMapping<Object>> all = new HashMap<>();
      ClassLoader loader = DecisionMappings.class.getClassLoader();
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      for (ClassLoader each : new ClassLoader[] {context, loader}) {
        if (each == null) {
          continue;
        }
        for (DecisionMapping mapping : ServiceLoader.load(DecisionMapping.class, each)) {
          all.putIfAbsent(mapping.modelClass(), mapping);
        }
      }
      return Map.copyOf(all);
    }
  }
}
