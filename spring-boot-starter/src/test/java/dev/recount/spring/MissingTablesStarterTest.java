package dev.recount.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.PersistenceError;
import dev.recount.spring.shop.ShopApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A service whose data source has none of Recount's tables, with
 * {@code recount.create-tables=false} (the tables are a DBA's job): the context does not start, and
 * the error names the missing table.
 */
class MissingTablesStarterTest {
  @Test
  void theContextFailsNamingTheMissingTable() {
    SpringApplicationBuilder service = new SpringApplicationBuilder(ShopApplication.class)
        .web(WebApplicationType.NONE)
        .properties(
            "spring.datasource.url=jdbc:h2:mem:no-tables;DB_CLOSE_DELAY=-1",
            "recount.table-prefix=absent_",
            "recount.create-tables=false",
            "spring.main.banner-mode=off",
            "logging.level.root=off");

    assertThatThrownBy(service::run).satisfies(failure -> {
      Throwable cause = failure;
      while (cause != null && !(cause instanceof PersistenceError)) {
        cause = cause.getCause();
      }
      assertThat(cause).as("a PersistenceError in %s", failure).isNotNull();
      assertThat(cause.getMessage()).contains("\"absent_events\"").contains("CREATE_TABLES=true");
    });
  }
}
