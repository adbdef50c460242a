package dev.recount.examples.spring;

import dev.recount.Application;
import dev.recount.log.Notification;
import dev.recount.process.MultiThreadedRunner;
import dev.recount.process.ProcessSystem;
import dev.recount.process.ProcessingUnit;
import dev.recount.process.Runner;
import dev.recount.spring.RecountBuilderCustomizer;
import dev.recount.spring.RecountProperties;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's follower: {@code audit} reads every event the bank stores, in order, and records
 * that it processed it (a real one would keep a read model or call another service). It runs in a
 * {@link MultiThreadedRunner} that the starter starts and stops with the context, so its position
 * and lag are in the actuator's health and metrics.
 *
 * <p>The runner's {@code bank} is a second, read-only application over the tables the service's own
 * application writes: the follower reads its log, and finds the commands' events by polling it. The
 * runner's applications are built like the context's: on its data source, with the starter's
 * customizers (Micrometer's registries).
 */
@Configuration(proxyBeanMethods = false)
public class Followers {
  /** How often the follower looks for events the bank stored. */
  static final Duration POLL = Duration.ofMillis(100);

  @Bean
  Runner bankFollowers(
      DataSource dataSource,
      RecountProperties recount,
      ObjectProvider<RecountBuilderCustomizer> customizers) {
    ProcessSystem system = ProcessSystem.builder()
        .application("bank")
        .application("audit", Followers::audit)
        .pipe("bank", "audit")
        .build();
    String prefix = Objects.requireNonNullElse(recount.getTablePrefix(), "");
    return MultiThreadedRunner.builder(system, name -> {
          Application.Builder builder = Application.builder().dataSource(dataSource);
          customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
          return name.equals("bank")
              ? builder.tablePrefix(prefix).readOnly(true)
              : builder.tablePrefix(prefix + name + "_");
        })
        .pollInterval(POLL)
        .build();
  }

  /** Processes nothing but the notification itself: its tracking record is what it stores. */
  private static void audit(Notification notification, ProcessingUnit unit) {}
}
