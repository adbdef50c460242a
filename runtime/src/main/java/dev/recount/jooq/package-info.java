/**
 * The recorders: how records reach H2, PostgreSQL and MariaDB through jOOQ, the tables' DDL for
 * each, and the connection pool. Not API; the application chooses a recorder from {@code DB_URI}.
 */
package dev.recount.jooq;
