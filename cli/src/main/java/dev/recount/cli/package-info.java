/**
 * The operator's command line, {@code java -jar recount.jar}: {@code audit} (every record's hash
 * and chain, without the cipher key or the application's classes), {@code inspect} (one aggregate's
 * records) and {@code keygen}. Not API: only the jar's commands and exit codes are promised
 * (docs/CLI.md).
 */
package dev.recount.cli;
