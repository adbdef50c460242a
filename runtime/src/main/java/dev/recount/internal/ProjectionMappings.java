package dev.recount.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds the generated {@link ProjectionMapping} of a projection's class. The processor registers
 * every mapping as a {@link ServiceLoader} provider; they are loaded once, on first use, and found
 * without reflection.
 */
public final class ProjectionMappings {
  private static final ClassValue<ProjectionMapping<Object>> BY_CLASS = new ClassValue<>() {
    @Override
    protected ProjectionMapping<Object> computeValue(Class<?> type) {
      return Registry.ALL.get(type);
    }
  };

  private ProjectionMappings() {}

  /**
   * The mapping of {@code projection}'s class.
   *
   * @throws IllegalArgumentException if the processor wrote none for it
   */
  public static ProjectionMapping<Object> of(Object projection) {
    ProjectionMapping<Object> mapping = BY_CLASS.get(projection.getClass());
    if (mapping == null) {
      throw new IllegalArgumentException(
          "no generated projection mapping for " + projection.getClass().getName()
              + ": is it annotated @Projection, and was it compiled with recount-processor on"
              + " the annotation processor path (maven-compiler-plugin annotationProcessorPaths)?");
    }
    return mapping;
  }

  /** Holder, so that the service loader runs on first use only. */
  private static final class Registry {
    static final Map<Class<?>, ProjectionMapping<Object>> ALL = load();

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<Class<?>, ProjectionMapping<Object>> load() {
      Map<Class<?>, ProjectionMapping<Object>> all = new HashMap<>();
      ClassLoader loader = ProjectionMappings.class.getClassLoader();
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      for (ClassLoader each : new ClassLoader[] {context, loader}) {
        if (each == null) {
          continue;
        }
        for (ProjectionMapping mapping : ServiceLoader.load(ProjectionMapping.class, each)) {
          all.putIfAbsent(mapping.projectionClass(), mapping);
        }
      }
      return Map.copyOf(all);
    }
  }
}
