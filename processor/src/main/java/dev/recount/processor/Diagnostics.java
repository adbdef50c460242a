package dev.recount.processor;

import java.io.PrintWriter;
import java.io.StringWriter;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** Reports errors at elements, and counts them so a step can tell whether to generate. */
final class Diagnostics {
  private final Messager messager;
  private int errors;

  Diagnostics(Messager messager) {
    this.messager = messager;
  }

  void error(Element at, Message message, Object... args) {
    messager.printMessage(Diagnostic.Kind.ERROR, message.format(args), at);
    errors++;
  }

  void internalError(Element at, Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    error(at, Message.INTERNAL, trace);
  }

  int errorCount() {
    return errors;
  }
}
