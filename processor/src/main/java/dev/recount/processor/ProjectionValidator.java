package dev.recount.processor;

import com.palantir.javapoet.ClassName;
import dev.recount.processor.Models.ProjectionHandler;
import dev.recount.processor.Models.ProjectionModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Checks a {@code @Projection} class and reads it into a model: its name, and its {@code @Handles}
 * methods, each taking an {@code @Event} record and optionally the {@code ProjectionContext}, at
 * most one per event type. Reports each problem at its element.
 */
final class ProjectionValidator {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

  private final Diagnostics diagnostics;

  ProjectionValidator(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  Validation<ProjectionModel> read(TypeElement projection) {
    int before = diagnostics.errorCount();
    String simpleName = projection.getSimpleName().toString();
    if (!AnnotatedClasses.check(
        diagnostics,
        projection,
        "@Projection",
        Message.PROJECTION_NOT_A_CLASS,
        Message.PROJECTION_PRIVATE)) {
      return Validation.invalid();
    }
    Object value = Annotations.value(projection, Names.PROJECTION, "value");
    String name = value == null ? "" : value.toString();
    if (!NAME.matcher(name).matches()) {
      diagnostics.errorAtMember(
          projection, Names.PROJECTION, "value", Message.PROJECTION_NAME_INVALID, name, simpleName);
    }
    List<ProjectionHandler> handlers = new ArrayList<>();
    Map<String, ExecutableElement> byEvent = new HashMap<>();
    boolean ready = true;
    boolean any = false;
    for (ExecutableElement method : ElementFilter.methodsIn(projection.getEnclosedElements())) {
      if (!Annotations.has(method, Names.HANDLES)) {
        continue;
      }
      any = true;
      String methodName = method.getSimpleName().toString();
      AnnotatedMethods.checkInstanceMethod(
          diagnostics, method, Message.HANDLES_PRIVATE, Message.HANDLES_STATIC);
      List<? extends VariableElement> parameters = method.getParameters();
      boolean context = parameters.size() == 2;
      if (parameters.isEmpty()
          || parameters.size() > 2
          || (context && !isContext(parameters.get(1).asType()))) {
        if (context && parameters.get(1).asType().getKind() == TypeKind.ERROR) {
          ready = false;
          continue;
        }
        diagnostics.error(method, Message.HANDLES_PARAMETERS, methodName, describe(parameters));
        continue;
      }
      AnnotatedMethods.EventParameter handled = AnnotatedMethods.event(
          diagnostics, method, parameters.get(0), Message.HANDLES_NOT_AN_EVENT);
      if (handled.event() == null) {
        ready &= !handled.deferred();
        continue;
      }
      TypeElement event = handled.event();
      ExecutableElement earlier = byEvent.putIfAbsent(event.getQualifiedName().toString(), method);
      if (earlier != null) {
        diagnostics.error(
            method, Message.HANDLES_DUPLICATE, event.getSimpleName(), earlier.getSimpleName());
        continue;
      }
      ClassName eventName = ClassName.get(event);
      handlers.add(new ProjectionHandler(
          methodName,
          eventName,
          GeneratedNames.sibling(eventName, "_Codec"),
          EventValidator.aliases(event),
          context));
    }
    if (!any) {
      diagnostics.error(projection, Message.PROJECTION_NO_HANDLER, simpleName);
    }
    if (diagnostics.errorCount() != before) {
      return Validation.invalid();
    }
    if (!ready) {
      return Validation.notReady(projection);
    }
    return Validation.valid(new ProjectionModel(
        EventValidator.topLevel(projection), ClassName.get(projection), name, handlers));
  }

  private static boolean isContext(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement())
            .getQualifiedName()
            .contentEquals(Names.PROJECTION_CONTEXT);
  }

  private static String describe(List<? extends VariableElement> parameters) {
    if (parameters.isEmpty()) {
      return "none";
    }
    List<String> types = new ArrayList<>();
    for (VariableElement parameter : parameters) {
      types.add(parameter.asType().toString());
    }
    return "(" + String.join(", ", types) + ")";
  }
}
