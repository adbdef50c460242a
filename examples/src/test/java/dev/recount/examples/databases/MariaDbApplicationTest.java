package dev.recount.examples.databases;

/** The application contract on the MariaDB server. */
class MariaDbApplicationTest extends ApplicationContract {
  @Override
  Server server() {
    return Server.mariadb();
  }
}
