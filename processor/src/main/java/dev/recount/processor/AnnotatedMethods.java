package dev.recount.processor;

import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * What {@code @Apply} and {@code @Handles} ask of the methods they are on: instance methods that
 * the generated code, in their package, can call, each taking an {@code @Event} class.
 */
final class AnnotatedMethods {
  private AnnotatedMethods() {}

  /**
   * The event class a method takes, or why there is none: the method broke a rule (reported), or
   * its parameter's type is not compiled yet ({@code deferred}: a later round reads it).
   */
  record EventParameter(VariableElement parameter, TypeElement event, boolean deferred) {
    static final EventParameter INVALID = new EventParameter(null, null, false);
    static final EventParameter DEFERRED = new EventParameter(null, null, true);
  }

  /** Reports at {@code method} if it is private or static. */
  static void checkInstanceMethod(
      Diagnostics diagnostics, ExecutableElement method, Message isPrivate, Message isStatic) {
    String name = method.getSimpleName().toString();
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      diagnostics.error(method, isPrivate, name);
    }
    if (method.getModifiers().contains(Modifier.STATIC)) {
      diagnostics.error(method, isStatic, name);
    }
  }

  /** Checks an {@code @Apply} method: an instance method of one {@code @Event} parameter. */
  static EventParameter applyEvent(Diagnostics diagnostics, ExecutableElement method) {
    checkInstanceMethod(diagnostics, method, Message.APPLY_PRIVATE, Message.APPLY_STATIC);
    if (method.getParameters().size() != 1) {
      diagnostics.error(method, Message.APPLY_ONE_PARAMETER, method.getSimpleName());
      return EventParameter.INVALID;
    }
    return event(diagnostics, method, method.getParameters().get(0), Message.APPLY_NOT_AN_EVENT);
  }

  /** Reads the {@code @Event} class of {@code method}'s {@code parameter}; else reports it. */
  static EventParameter event(
      Diagnostics diagnostics,
      ExecutableElement method,
      VariableElement parameter,
      Message notAnEvent) {
    TypeMirror type = parameter.asType();
    if (type.getKind() == TypeKind.ERROR) {
      return EventParameter.DEFERRED;
    }
    if (type.getKind() != TypeKind.DECLARED
        || !Annotations.has(((DeclaredType) type).asElement(), Names.EVENT)) {
      diagnostics.error(parameter, notAnEvent, method.getSimpleName(), type);
      return EventParameter.INVALID;
    }
    return new EventParameter(parameter, (TypeElement) ((DeclaredType) type).asElement(), false);
  }
}
