package dev.recount.spring;

import dev.recount.Application;
import dev.recount.process.Runner;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * {@code recount} in the actuator's health: UP when the event store answers (with the last
 * notification id), DOWN when it does not or when an application of a runner has failed (named,
 * with its error).
 */
final class RecountHealthIndicator extends AbstractHealthIndicator {
  private final Application application;
  private final ObjectProvider<Runner> runners;

  RecountHealthIndicator(Application application, ObjectProvider<Runner> runners) {
    super("Recount health check failed");
    this.application = application;
    this.runners = runners;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    long last = application.log().maxId();
    Map<String, String> failed = new LinkedHashMap<>();
    runners
        .orderedStream()
        .forEach(runner -> runner
            .failures()
            .forEach((name, error) -> failed.put(name, String.valueOf(error.getMessage()))));
    builder.withDetail("lastNotificationId", last);
    if (failed.isEmpty()) {
      builder.up();
    } else {
      builder.down().withDetail("failedApplications", failed);
    }
  }
}
