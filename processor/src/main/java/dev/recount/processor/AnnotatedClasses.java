package dev.recount.processor;

import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * What {@code @Projection} and {@code @DecisionModel} ask of the type they are on: a class that the
 * generated code, in its package, can name and instantiate, so neither private (nor nested in a
 * private class) nor generic.
 */
final class AnnotatedClasses {
  private AnnotatedClasses() {}

  /**
   * Reports at {@code type} each of these it breaks, and returns whether it is a class at all: if
   * not, nothing more can be read from it.
   *
   * @param annotation how the generic-type message names the class's kind, "@Projection" say
   */
  static boolean check(
      Diagnostics diagnostics,
      TypeElement type,
      String annotation,
      Message notAClass,
      Message isPrivate) {
    String name = type.getSimpleName().toString();
    if (type.getKind() != ElementKind.CLASS) {
      diagnostics.error(type, notAClass, name);
      return false;
    }
    if (type.getModifiers().contains(Modifier.PRIVATE)
        || EventValidator.privateEnclosingType(type) != null) {
      diagnostics.error(type, isPrivate, name);
    }
    if (!type.getTypeParameters().isEmpty()) {
      diagnostics.error(type, Message.GENERIC_TYPE, annotation + " class " + name);
    }
    return true;
  }
}
