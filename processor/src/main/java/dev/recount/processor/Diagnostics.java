package dev.recount.processor;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import java.io.PrintWriter;
import java.io.StringWriter;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/** Reports errors at elements, and counts them so a step can tell whether to generate. */
final class Diagnostics {
  private final Messager messager;
  private int errors;

  Diagnostics(Messager messager) {
    this.messager = messager;
  }

  void error(Element at, Message message, Object... args) {
    messager.printMessage(Diagnostic.Kind.ERROR, message.format(args), located(at));
    errors++;
  }

  /** Reports at {@code value} of {@code annotation} on {@code at}: the exact attribute to fix. */
  void error(
      Element at,
      AnnotationMirror annotation,
      AnnotationValue value,
      Message message,
      Object... args) {
    messager.printMessage(
        Diagnostic.Kind.ERROR, message.format(args), located(at), annotation, value);
    errors++;
  }

  /**
   * Reports at {@code member} of {@code annotation} on {@code at} if it was given explicitly, else
   * at {@code at}.
   */
  void errorAtMember(
      Element at, String annotation, String member, Message message, Object... args) {
    AnnotationValue value = Annotations.annotationValue(at, annotation, member);
    if (value == null) {
      error(at, message, args);
    } else {
      error(at, Annotations.find(at, annotation), value, message, args);
    }
  }

  /** Reports a problem that belongs to no element, such as a file of the whole compilation. */
  void error(Message message, Object... args) {
    messager.printMessage(Diagnostic.Kind.ERROR, message.format(args));
    errors++;
  }

  /**
   * Reports at {@code tree} of {@code unit}: for checks of method bodies, which javac attributes
   * only after the processing rounds, when elements no longer locate code.
   */
  void error(Trees trees, Tree tree, CompilationUnitTree unit, Message message, Object... args) {
    trees.printMessage(Diagnostic.Kind.ERROR, message.format(args), tree, unit);
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

  /**
   * The element to report at instead of {@code at}, if javac cannot place a diagnostic on it. The
   * javac of JDK 17 prints a diagnostic on a record component with no file or line (later JDKs
   * place it), so we report at the record's field of the same name: javac declares that field at
   * the component, which gives the same position.
   */
  private static Element located(Element at) {
    if (at.getKind() != ElementKind.RECORD_COMPONENT) {
      return at;
    }
    Element record = at.getEnclosingElement();
    for (VariableElement field : ElementFilter.fieldsIn(record.getEnclosedElements())) {
      if (field.getSimpleName().equals(at.getSimpleName())) {
        return field;
      }
    }
    return at;
  }
}
