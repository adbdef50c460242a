package dev.recount.examples.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.recount.AggregateRoot;
import dev.recount.Application;
import dev.recount.Repository;
import dev.recount.examples.testing.H2Database;
import dev.recount.processor.MutatorRegistryProcessor;
import dev.recount.processor.RecountProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Events and snapshots stored by version 1 of {@link Account} load with versions 2, 3 and 4 of its
 * code (src/test/resources/evolution/v*), compiled here with the processor and loaded in their own
 * class loader: the same state from the events and from the old snapshot (upcast, or ignored where
 * the code declares no old shape), and the stored rows byte-for-byte unchanged.
 */
class SchemaEvolutionTest {
  private static final UUID SNAPSHOTTED = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
  private static final UUID REPLAYED = UUID.fromString("00000000-0000-0000-0000-0000000000a2");
  private static final String STATE = "owner=ann currency=EUR cents=15";

  /** Stores two accounts with version 1: one with a snapshot at version 2, one without. */
  private static void storeVersionOne(H2Database db) {
    try (Application app = db.application().snapshottingInterval(2).build()) {
      Account snapshotted = Account.open(SNAPSHOTTED, "ann");
      snapshotted.pay(10);
      app.save(snapshotted); // crosses 2: a snapshot of version 2
      snapshotted.pay(5);
      app.save(snapshotted);
    }
    try (Application app = db.application().build()) {
      Account replayed = Account.open(REPLAYED, "ann");
      replayed.pay(10);
      replayed.pay(5);
      app.save(replayed);
    }
  }

  /**
   * {@code applied}: the events the newer code applies to load the snapshotted account. v2 keeps
   * the fields, so it restores version 1's snapshot as it is; v3 changes the fields and bumps the
   * snapshot version without declaring the old shape, so it replays all three events; v4 declares
   * the old shapes with upcasters, so it restores the snapshot again.
   */
  @ParameterizedTest
  @CsvSource({"v2, 1", "v3, 3", "v4, 1"})
  void newerCodeLoadsWhatVersionOneStored(String version, int applied) throws Exception {
    try (H2Database db = new H2Database()) {
      storeVersionOne(db);
      List<String> rows = rows(db);
      assertThat(rows).anyMatch(row -> row.contains("fingerprint")); // a snapshot was stored
      Map<UUID, List<Instant>> times = new HashMap<>();
      try (Application app = db.application().build()) {
        for (UUID id : List.of(SNAPSHOTTED, REPLAYED)) {
          Account account = AccountRepository.of(app).get(id);
          times.put(id, List.of(account.createdOn(), account.modifiedOn()));
        }
      }

      ClassLoader newer = compile(version);
      try (Application app = db.application().build()) {
        Repository<?> accounts = repository(newer, app);
        for (UUID id : List.of(SNAPSHOTTED, REPLAYED)) {
          AggregateRoot account = accounts.get(id);
          assertThat(account.getClass().getClassLoader()).isSameAs(newer);
          assertThat(((Supplier<?>) account).get()).isEqualTo(STATE);
          assertThat(account.version()).isEqualTo(3);
          assertThat(List.of(account.createdOn(), account.modifiedOn())).isEqualTo(times.get(id));
        }
        assertThat(((IntSupplier) accounts.get(SNAPSHOTTED)).getAsInt()).isEqualTo(applied);
        assertThat(((IntSupplier) accounts.get(REPLAYED)).getAsInt()).isEqualTo(3);
      }
      assertThat(rows(db)).isEqualTo(rows);
    }
  }

  @Test
  void versionOneLoadsItsOwnRows() {
    try (H2Database db = new H2Database()) {
      storeVersionOne(db);
      try (Application app = db.application().build()) {
        assertThat(AccountRepository.of(app).get(SNAPSHOTTED).get()).isEqualTo(STATE);
        assertThat(AccountRepository.of(app).get(SNAPSHOTTED).getAsInt()).isEqualTo(1);
        assertThat(AccountRepository.of(app).get(REPLAYED).get()).isEqualTo(STATE);
      }
    }
  }

  /** Compiles {@code evolution/<version>/Account.java} with the processor; a loader over it. */
  private static ClassLoader compile(String version) throws IOException {
    URL source = SchemaEvolutionTest.class.getResource("/evolution/" + version + "/Account.java");
    Compilation compilation = Compiler.javac()
        .withProcessors(new RecountProcessor(), new MutatorRegistryProcessor())
        .compile(JavaFileObjects.forResource(source));
    CompilationSubject.assertThat(compilation).succeeded();
    return new ChildFirst(compilation);
  }

  private static Repository<?> repository(ClassLoader loader, Application app)
      throws ReflectiveOperationException {
    return (Repository<?>) loader
        .loadClass("dev.recount.examples.evolution.AccountRepository")
        .getMethod("of", Application.class)
        .invoke(null, app);
  }

  /** Every row of every table, as text with byte arrays spelled out, in a stable order. */
  private static List<String> rows(H2Database db) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(db.url());
        Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet result = statement.executeQuery("SELECT TABLE_NAME FROM"
          + " INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' ORDER BY TABLE_NAME")) {
        while (result.next()) {
          tables.add(result.getString(1));
        }
      }
      for (String table : tables) {
        try (ResultSet result = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
          int columns = result.getMetaData().getColumnCount();
          while (result.next()) {
            StringBuilder row = new StringBuilder(table);
            for (int i = 1; i <= columns; i++) {
              Object value = result.getObject(i);
              row.append(' ')
                  .append(result.getMetaData().getColumnName(i).toLowerCase())
                  .append('=')
                  .append(value instanceof byte[] bytes ? Arrays.toString(bytes) : value);
            }
            rows.add(row.toString());
          }
        }
      }
    }
    rows.sort(null);
    return rows;
  }

  /**
   * Loads the classes of a compilation before its parent's (the test class path has version 1 of
   * the same classes), so that two shapes of one class live side by side.
   */
  private static final class ChildFirst extends ClassLoader {
    private final Compilation compilation;

    ChildFirst(Compilation compilation) {
      super(SchemaEvolutionTest.class.getClassLoader());
      this.compilation = compilation;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          JavaFileObject file = compilation
              .generatedFile(StandardLocation.CLASS_OUTPUT, name.replace('.', '/') + ".class")
              .orElse(null);
          if (file == null) {
            return super.loadClass(name, resolve);
          }
          try (InputStream in = file.openInputStream()) {
            byte[] bytes = in.readAllBytes();
            loaded = defineClass(name, bytes, 0, bytes.length);
          } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }
  }
}
