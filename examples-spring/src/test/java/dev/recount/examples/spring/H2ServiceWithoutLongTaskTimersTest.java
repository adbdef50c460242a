package dev.recount.examples.spring;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;

/**
 * The example service's metrics with Spring Boot's meter handler made without its long-task timers,
 * the setting docs/OBSERVABILITY.md gives for saves that cost less CPU: the timers of saves and
 * loads stay, their {@code .active} long-task timers are gone.
 */
@ActiveProfiles("quiet")
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:bank-no-long-task-timers;DB_CLOSE_DELAY=-1",
      "recount.table-prefix=nolongtask_",
      "management.observations.long-task-timer.enabled=false"
    })
class H2ServiceWithoutLongTaskTimersTest extends ServiceMetricsContract {
  @Override
  boolean longTaskTimers() {
    return false;
  }
}
