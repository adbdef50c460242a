package dev.recount.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Writes a {@code --json} report to stdout with Jackson's streaming generator. */
final class Json {
  private static final JsonFactory FACTORY =
      new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  /** Writes one JSON value. */
  interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  private Json() {}

  static void print(PrintWriter out, Body body) {
    try (JsonGenerator json = FACTORY.createGenerator(out).useDefaultPrettyPrinter()) {
      body.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the report", e);
    }
    out.println();
    out.flush();
  }

  /** An error as a {@code --json} report, so that a script reading stdout always gets JSON. */
  static void printError(PrintWriter out, String database, int exitCode, String message) {
    print(out, json -> {
      json.writeStartObject();
      if (database != null) {
        json.writeStringField("database", database);
      }
      json.writeStringField("result", "error");
      json.writeNumberField("exitCode", exitCode);
      json.writeStringField("error", message);
      json.writeEndObject();
    });
  }
}
