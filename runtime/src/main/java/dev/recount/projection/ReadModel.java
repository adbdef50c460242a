package dev.recount.projection;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How a projection's tables are made and removed, one {@link Generation} at a time. Implemented by
 * the {@code @Projection} class; the runner calls it when a generation starts (the first run, or a
 * rebuild) and when a rebuild has replaced one.
 */
public interface ReadModel {
  /**
   * Creates the tables of {@code generation} (named with {@link Generation#table}) if they do not
   * exist: it may be called again for a generation whose tables are there, after a crash.
   */
  void createTables(Connection connection, Generation generation) throws SQLException;

  /** Drops the tables of {@code generation}, if they exist. */
  void dropTables(Connection connection, Generation generation) throws SQLException;
}
