package dev.recount.spring;

import dev.recount.Application;
import dev.recount.process.Runner;
import dev.recount.projection.ProjectionRunner;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Recount in a Spring Boot application: an {@link Application} over the context's
 * {@link DataSource}, configured by {@code recount.*}, whose saves join the transaction Spring has
 * open; a bean per generated repository ({@code WorldRepository} and so on); the context's
 * {@link Runner}s started and stopped with it; and, with the actuator, a health indicator.
 */
@AutoConfiguration(
    after = {DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class
    })
@ConditionalOnClass(Application.class)
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(RecountProperties.class)
public class RecountAutoConfiguration {
  /**
   * The application over the context's data source; closed with the context (the data source stays
   * open: it is the context's).
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Application recountApplication(
      DataSource dataSource,
      RecountProperties properties,
      ObjectProvider<RecountBuilderCustomizer> customizers) {
    Application.Builder builder = RecountSettings.builder(properties)
        .dataSource(dataSource)
        .transactions(new SpringTransactions(dataSource));
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  /**
   * With Micrometer's observation registry in the context (the actuator's): spans and timers of
   * saves, loads and processing, traced with the service's requests.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
  static class Observations {
    @Bean
    RecountBuilderCustomizer recountObservations(
        ObjectProvider<io.micrometer.observation.ObservationRegistry> registry) {
      return builder -> registry.ifAvailable(builder::observationRegistry);
    }
  }

  /**
   * With Micrometer's meter registry in the context: counts of saves, events and conflicts, and
   * followers' positions and lag (docs/OBSERVABILITY.md), on the actuator's metrics endpoint.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
  static class Meters {
    @Bean
    RecountBuilderCustomizer recountMeters(
        ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
      return builder -> registry.ifAvailable(builder::meterRegistry);
    }
  }

  /** A bean per generated repository, made from the context's application. */
  @Bean
  public static RepositoryBeans recountRepositories() {
    return new RepositoryBeans();
  }

  /** Starts the context's runners once it is refreshed, and stops them when it closes. */
  @Bean
  public RunnerLifecycle recountRunners(ObjectProvider<Runner> runners) {
    return new RunnerLifecycle(runners);
  }

  /**
   * With the actuator: the database is reachable, no runner's application has failed, and no
   * follower is more than {@code recount.health.max-follower-lag} events behind.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
  @EnableConfigurationProperties(RecountHealthProperties.class)
  static class Health {
    @Bean
    @ConditionalOnMissingBean(name = "recountHealthIndicator")
    RecountHealthIndicator recountHealthIndicator(
        Application application,
        ObjectProvider<Runner> runners,
        ObjectProvider<ProjectionRunner> projections,
        RecountHealthProperties properties) {
      return new RecountHealthIndicator(
          application, runners, projections, properties.getMaxFollowerLag());
    }
  }
}
