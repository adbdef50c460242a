package dev.recount.spring;

import dev.recount.Application;
import dev.recount.process.Runner;
import dev.recount.projection.ProjectionRunner;
import dev.recount.projection.ProjectionStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * {@code recount} in the actuator's health: UP when the event store answers (with the last
 * notification id), DOWN when it does not, when an application of a runner has failed (named, with
 * its error), or when a projection's last batch failed (its last error is newer than its position).
 * Each {@link ProjectionRunner} bean's status is a detail under {@code projections}.
 */
final class RecountHealthIndicator extends AbstractHealthIndicator {
  private final Application application;
  private final ObjectProvider<Runner> runners;
  private final ObjectProvider<ProjectionRunner> projections;

  RecountHealthIndicator(
      Application application,
      ObjectProvider<Runner> runners,
      ObjectProvider<ProjectionRunner> projections) {
    super("Recount health check failed");
    this.application = application;
    this.runners = runners;
    this.projections = projections;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    long last = application.log().maxId();
    Map<String, Map<String, Object>> projected = new LinkedHashMap<>();
    Map<String, String> failing = new LinkedHashMap<>();
    projections.orderedStream().forEach(runner -> {
      ProjectionStatus status = runner.status();
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("generation", status.generation());
      details.put("position", status.position());
      details.put("head", status.head());
      details.put("lagEvents", status.lagEvents());
      details.put("lagMillis", status.lagTime().toMillis());
      details.put("updatedAt", status.updatedAt().toString());
      if (status.lastError() != null) {
        details.put("lastError", status.lastError());
        details.put("lastErrorAt", status.lastErrorAt().toString());
        // Failing now: the error came after the position last moved.
        if (status.lastErrorAt().isAfter(status.updatedAt())) {
          failing.put(status.projection(), status.lastError());
        }
      }
      if (status.rebuilding() > 0) {
        details.put("rebuilding", status.rebuilding());
        details.put("rebuildPosition", status.rebuildPosition());
      }
      projected.put(status.projection(), details);
    });
    if (!projected.isEmpty()) {
      builder.withDetail("projections", projected);
    }
    Map<String, String> failed = new LinkedHashMap<>();
    runners
        .orderedStream()
        .forEach(runner -> runner
            .failures()
            .forEach((name, error) -> failed.put(name, String.valueOf(error.getMessage()))));
    builder.withDetail("lastNotificationId", last);
    if (failed.isEmpty() && failing.isEmpty()) {
      builder.up();
    } else {
      builder.down();
      if (!failed.isEmpty()) {
        builder.withDetail("failedApplications", failed);
      }
      if (!failing.isEmpty()) {
        builder.withDetail("failingProjections", failing);
      }
    }
  }
}
