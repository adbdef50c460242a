package dev.recount.examples.databases;

/** The application contract on the PostgreSQL server. */
class PostgresApplicationTest extends ApplicationContract {
  @Override
  Server server() {
    return Server.postgres();
  }
}
