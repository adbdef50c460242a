package dev.recount.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The example service: accounts over REST, stored by Recount through the Spring Boot starter, on
 * the data source of {@code spring.datasource.*} (an in-memory H2 database unless set).
 */
@SpringBootApplication
public class BankServiceApplication {
  public static void main(String[] args) {
    SpringApplication.run(BankServiceApplication.class, args);
  }
}
