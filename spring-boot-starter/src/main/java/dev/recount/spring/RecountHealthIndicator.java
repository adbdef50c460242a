package dev.recount.spring;

import dev.recount.Application;
import dev.recount.process.Runner;
import dev.recount.projection.ProjectionRunner;
import dev.recount.projection.ProjectionStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * {@code recount} in the actuator's health: UP when the event store answers (with the last
 * notification id) and every follower of the context's runners and every projection is within
 * {@code recount.health.max-follower-lag} events of its upstream log; OUT_OF_SERVICE when one is
 * further behind (it is alive and catching up: restarting the service would not help, but what
 * reads its results sees them late); DOWN when the store does not answer, an application of a
 * runner has failed (named, with its error), or a projection's last batch failed (its last error is
 * newer than its position). Each follower's position, upstream head and lag, and each
 * {@link ProjectionRunner} bean's status (under {@code projections}), are details.
 */
final class RecountHealthIndicator extends AbstractHealthIndicator {
  private final Application application;
  private final ObjectProvider<Runner> runners;
  private final ObjectProvider<ProjectionRunner> projections;
  private final long maxFollowerLag;

  RecountHealthIndicator(
      Application application,
      ObjectProvider<Runner> runners,
      ObjectProvider<ProjectionRunner> projections,
      long maxFollowerLag) {
    super("Recount health check failed");
    this.application = application;
    this.runners = runners;
    this.projections = projections;
    this.maxFollowerLag = maxFollowerLag;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    long last = application.log().maxId();
    Map<String, Map<String, Object>> projected = new LinkedHashMap<>();
    Map<String, String> failing = new LinkedHashMap<>();
    List<String> lagging = new ArrayList<>();
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
      if (maxFollowerLag >= 0 && status.lagEvents() > maxFollowerLag) {
        lagging.add(
            "projection " + status.projection() + " is " + status.lagEvents() + " events behind");
      }
    });
    if (!projected.isEmpty()) {
      builder.withDetail("projections", projected);
    }
    Map<String, String> failed = new LinkedHashMap<>();
    Map<String, Map<String, Map<String, Long>>> followers = new LinkedHashMap<>();
    Map<String, Integer> runnerOf = new LinkedHashMap<>();
    int index = 0;
    for (Runner runner : runners.orderedStream().toList()) {
      index++;
      runner
          .failures()
          .forEach((name, error) -> failed.put(name, String.valueOf(error.getMessage())));
      List<FollowerLag.Lag> lags;
      try {
        lags = FollowerLag.of(runner);
      } catch (IllegalStateException notRunning) {
        continue; // not started yet, or stopped with the context: it has no positions to report
      }
      for (FollowerLag.Lag lag : lags) {
        String name = lag.follower();
        if (runnerOf.putIfAbsent(name, index) != null && runnerOf.get(name) != index) {
          name = name + " (runner " + index + ")"; // another system's application of that name
        }
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("position", lag.position());
        figures.put("head", lag.head());
        figures.put("lag", lag.lag());
        followers.computeIfAbsent(name, key -> new LinkedHashMap<>()).put(lag.upstream(), figures);
        if (maxFollowerLag >= 0 && lag.lag() > maxFollowerLag) {
          lagging.add(name + " is " + lag.lag() + " events behind " + lag.upstream());
        }
      }
    }
    builder.withDetail("lastNotificationId", last);
    if (!followers.isEmpty()) {
      builder.withDetail("followers", followers).withDetail("maxFollowerLag", maxFollowerLag);
    }
    if (!failed.isEmpty() || !failing.isEmpty()) {
      builder.down();
      if (!failed.isEmpty()) {
        builder.withDetail("failedApplications", failed);
      }
      if (!failing.isEmpty()) {
        builder.withDetail("failingProjections", failing);
      }
    } else if (!lagging.isEmpty()) {
      builder.outOfService();
    } else {
      builder.up();
    }
    if (!lagging.isEmpty()) {
      builder.withDetail("laggingFollowers", lagging);
    }
  }
}
