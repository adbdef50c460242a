package dev.recount.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/** Runs the tool's commands in this JVM, as its main method would, and keeps what they print. */
final class Cli {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> environment;
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  /** @param environment the variables the commands see, in place of this JVM's */
  Cli(Map<String, String> environment) {
    this.environment = environment;
  }

  Cli() {
    this(Map.of());
  }

  /** Runs one command line; returns its exit code. */
  int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return RecountCommand.commandLine(environment, new PrintWriter(out), new PrintWriter(err))
        .execute(args);
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }

  /** Stdout parsed as one JSON document; fails if it is anything else. */
  JsonNode json() {
    try {
      return JSON.readTree(out.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("stdout is not JSON:\n" + out, e);
    }
  }
}
