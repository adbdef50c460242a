package dev.recount.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** docs/DATABASES.md shows DBAs exactly the DDL the application runs. */
class DatabasesDocTest {
  @ParameterizedTest
  @EnumSource(Dialect.class)
  void showsTheDdlOf(Dialect dialect) throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "DATABASES.md"), StandardCharsets.UTF_8);
    assertThat(doc).as("docs/DATABASES.md shows Dialect.%s.script(\"recount_\")", dialect)
        .contains("```sql\n" + dialect.script("recount_") + "```\n");
  }
}
