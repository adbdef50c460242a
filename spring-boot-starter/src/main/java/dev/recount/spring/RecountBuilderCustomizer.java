package dev.recount.spring;

import dev.recount.Application;

/**
 * Changes the builder of the {@link Application} the starter makes, before it is built: the
 * starter's own (Micrometer's registries) and the service's beans of this type, in their order.
 */
@FunctionalInterface
public interface RecountBuilderCustomizer {
  /** Changes {@code builder}; called once, before the application is built. */
  void customize(Application.Builder builder);
}
