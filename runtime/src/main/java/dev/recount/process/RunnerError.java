package dev.recount.process;

import dev.recount.RecountException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applications of a {@link ProcessSystem} failed while a {@link Runner} ran or stopped them. The
 * message lists each application with its failure; {@link #failures()} has them by name.
 */
public final class RunnerError extends RecountException {
  private static final long serialVersionUID = 1L;

  private final transient Map<String, Throwable> failures;

  RunnerError(String what, Map<String, Throwable> failures) {
    super(
        message(what, failures),
        failures.isEmpty() ? null : failures.values().iterator().next());
    this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
    boolean first = true;
    for (Throwable failure : failures.values()) {
      if (!first) {
        addSuppressed(failure);
      }
      first = false;
    }
  }

  private static String message(String what, Map<String, Throwable> failures) {
    StringBuilder message = new StringBuilder(what)
        .append(": ")
        .append(failures.size())
        .append(failures.size() == 1 ? " application failed" : " applications failed");
    for (Map.Entry<String, Throwable> failure : failures.entrySet()) {
      message
          .append("\n  ")
          .append(failure.getKey())
          .append(": ")
          .append(describe(failure.getValue()));
    }
    return message.toString();
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return message == null ? failure.getClass().getName() : message;
  }

  /** Each failed application's first failure, by name, in declaration order. */
  public Map<String, Throwable> failures() {
    return failures;
  }
}
