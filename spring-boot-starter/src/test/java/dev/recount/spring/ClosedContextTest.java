package dev.recount.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.process.Runner;
import dev.recount.projection.ProjectionRunner;
import dev.recount.spring.shop.ShopApplication;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A service's runners stop with its context: once it is closed, none of the threads of its
 * {@link Runner} bean (started by the starter) or of its {@link ProjectionRunner} bean (the
 * service's) is left, so nothing reads the database after the context is gone.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClosedContextTest {
  @Test
  void noThreadOfTheContextsRunnersOutlivesIt() {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    ConfigurableApplicationContext context = new SpringApplicationBuilder(
            ShopApplication.class, FollowerHealthContract.Followers.class)
        .web(WebApplicationType.NONE)
        .properties(
            "spring.datasource.url=jdbc:h2:mem:closed-context;DB_CLOSE_DELAY=-1",
            "recount.table-prefix=closed_",
            "spring.main.banner-mode=off")
        .run();
    List<Thread> started;
    try {
      assertThat(context.getBean(Runner.class).failures()).isEmpty();
      started = Thread.getAllStackTraces().keySet().stream()
          .filter(thread -> !before.contains(thread))
          .filter(thread -> thread.getName().startsWith("recount-"))
          .toList();
      assertThat(started)
          .extracting(Thread::getName)
          .contains("recount-audit", "recount-projection-cart-items");
    } finally {
      context.close();
    }
    assertThat(started).as("alive after the context closed").noneMatch(Thread::isAlive);
  }
}
