package dev.recount.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docs/DATABASES.md shows DBAs exactly the DDL the application runs, and exactly the grants that
 * LeastPrivilegeContract gives each role.
 */
class DatabasesDocTest {
  @ParameterizedTest
  @EnumSource(Dialect.class)
  void showsTheDdlOf(Dialect dialect) throws IOException {
    assertThat(doc())
        .as("docs/DATABASES.md shows Dialect.%s.script(\"recount_\")", dialect)
        .contains("```sql\n" + dialect.script("recount_") + "```\n");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void showsTheGrantsOfEveryRoleOn(Dialect dialect) throws IOException {
    String doc = doc();
    for (Dialect.Role role : Dialect.Role.values()) {
      String grantee = switch (role) {
        case WRITER -> "app";
        case FOLLOWER -> "follower";
        case AUDITOR -> "auditor";
      };
      grantee = switch (dialect) {
        case MARIADB -> "'" + grantee + "'@'%'";
        case H2 -> grantee.toUpperCase(Locale.ROOT);
        case POSTGRES -> grantee;
      };
      assertThat(doc)
          .as(
              "docs/DATABASES.md shows Dialect.%s.grantScript(%s, \"recount_\", %s)",
              dialect, role, grantee)
          .contains("```sql\n" + dialect.grantScript(role, "recount_", grantee) + "```\n");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void showsTheSubjectKeysTableAndItsGrantsOn(Dialect dialect) throws IOException {
    String doc = doc();
    assertThat(doc)
        .as("docs/DATABASES.md shows Dialect.%s.subjectKeysDdl(\"recount_\")", dialect)
        .contains("```sql\n" + dialect.subjectKeysDdl("recount_") + ";\n```\n");
    String writer = switch (dialect) {
      case MARIADB -> "'app'@'%'";
      case H2 -> "APP";
      case POSTGRES -> "app";
    };
    String follower = switch (dialect) {
      case MARIADB -> "'follower'@'%'";
      case H2 -> "FOLLOWER";
      case POSTGRES -> "follower";
    };
    assertThat(doc)
        .contains(
            String.join(";\n", dialect.subjectKeyGrants(Dialect.Role.WRITER, "recount_", writer))
                + ";\n"
                + String.join(
                    ";\n", dialect.subjectKeyGrants(Dialect.Role.FOLLOWER, "recount_", follower))
                + ";\n```\n");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void showsTheLeasesTableAndItsGrantsOn(Dialect dialect) throws IOException {
    String doc = doc();
    assertThat(doc)
        .as("docs/DATABASES.md shows Dialect.%s.leasesDdl(\"recount_\")", dialect)
        .contains("```sql\n" + dialect.leasesDdl("recount_") + ";\n```\n");
    String writer = switch (dialect) {
      case MARIADB -> "'app'@'%'";
      case H2 -> "APP";
      case POSTGRES -> "app";
    };
    String follower = switch (dialect) {
      case MARIADB -> "'follower'@'%'";
      case H2 -> "FOLLOWER";
      case POSTGRES -> "follower";
    };
    assertThat(doc)
        .contains(String.join(";\n", dialect.leaseGrants(Dialect.Role.WRITER, "recount_", writer))
            + ";\n"
            + String.join(";\n", dialect.leaseGrants(Dialect.Role.FOLLOWER, "recount_", follower))
            + ";\n```\n");
  }

  /** Every statement of the DDL names what it creates, which creating what is missing needs. */
  @ParameterizedTest
  @EnumSource(Dialect.class)
  void everyStatementOfTheDdlNamesWhatItCreates(Dialect dialect) {
    assertThat(dialect.objects("recount_"))
        .hasSameSizeAs(dialect.statements("recount_"))
        .allSatisfy(ddl -> assertThat(ddl.name()).startsWith("recount_"));
  }

  private static String doc() throws IOException {
    return Files.readString(Path.of("..", "docs", "DATABASES.md"), StandardCharsets.UTF_8);
  }
}
