package dev.recount.spring.shop;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The starter's test service: a cart repository, an orders table of its own, and meters. */
@SpringBootApplication
public class ShopApplication {
  /** The service's meters, as the actuator would make them. */
  @Bean
  MeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }
}
