package dev.recount.spring;

import dev.recount.testing.DatabaseServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Drops a test class's tables ({@code recount.table-prefix} on the server of
 * {@code spring.datasource.url}) once its Spring context is closed. Dropped in an
 * {@code @AfterAll}, which runs before Spring's callbacks, they are read for a while by the
 * context's runners, which fail until the context closes: at the JVM's exit if it is cached. Put it
 * on a superclass of a {@code @DirtiesContext} class: JUnit registers a superclass's extensions
 * before the subclass's {@code SpringExtension}, and calls them after it.
 */
final class TablesAfterContext implements BeforeEachCallback, AfterAllCallback {
  @Override
  public void beforeEach(ExtensionContext test) {
    // Read where the context was loaded: asked for after the tests, it would be loaded again if
    // it never loaded (no server on a laptop).
    Environment environment = SpringExtension.getApplicationContext(test).getEnvironment();
    ExtensionContext.Store store = store(test.getParent().orElseThrow());
    store.put("url", environment.getProperty("spring.datasource.url"));
    store.put("prefix", environment.getProperty("recount.table-prefix"));
  }

  @Override
  public void afterAll(ExtensionContext testClass) {
    String url = store(testClass).get("url", String.class);
    String prefix = store(testClass).get("prefix", String.class);
    if (url == null || prefix == null) {
      return;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      DatabaseServer.postgres().drop(prefix);
    } else if (url.startsWith("jdbc:mariadb:")) {
      DatabaseServer.mariadb().drop(prefix);
    } // an in-memory H2 database goes with the JVM
  }

  private static ExtensionContext.Store store(ExtensionContext testClass) {
    return testClass.getStore(ExtensionContext.Namespace.create(TablesAfterContext.class));
  }
}
