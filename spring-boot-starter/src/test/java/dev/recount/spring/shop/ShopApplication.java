package dev.recount.spring.shop;

import dev.recount.Application;
import dev.recount.projection.ProjectionRunner;
import dev.recount.spring.RecountProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The starter's test service: a cart repository, an orders table of its own, and meters. */
@SpringBootApplication
public class ShopApplication {
  /** The service's meters, as the actuator would make them. */
  @Bean(destroyMethod = "close")
  ProjectionRunner cartItems(
      Application application, DataSource dataSource, RecountProperties properties) {
    return ProjectionRunner.builder(new CartItems(properties.getTablePrefix()), dataSource)
        .follow(application)
        .tablePrefix(properties.getTablePrefix())
        .build()
        .start();
  }

  @Bean
  MeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }
}
