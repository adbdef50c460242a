package dev.recount.processor;

import com.palantir.javapoet.ClassName;
import dev.recount.processor.Models.EventModel;
import dev.recount.processor.ValueTypes.Component;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;

/** Checks an {@code @Event} element and reads it into a model, reporting each problem at its element. */
final class EventValidator {
  private final Diagnostics diagnostics;

  EventValidator(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** The event's model, or {@code null} if it has errors (reported) or is not ready. */
  EventModel read(TypeElement event) {
    int before = diagnostics.errorCount();
    if (event.getKind() != ElementKind.RECORD) {
      diagnostics.error(event, Message.EVENT_NOT_A_RECORD,
          event.getKind().toString().toLowerCase(Locale.ROOT).replace('_', ' '),
          event.getSimpleName(), event.getSimpleName());
      return null;
    }
    if (event.getModifiers().contains(Modifier.PRIVATE)) {
      diagnostics.error(event, Message.EVENT_PRIVATE, event.getSimpleName());
    }
    if (!event.getTypeParameters().isEmpty()) {
      diagnostics.error(event, Message.GENERIC_TYPE, "@Event record " + event.getSimpleName());
    }
    Element enclosing = event.getEnclosingElement();
    if (enclosing.getKind() != ElementKind.PACKAGE && !Annotations.has(enclosing, Names.AGGREGATE)) {
      diagnostics.error(event, Message.EVENT_OUTSIDE_AGGREGATE, event.getSimpleName(),
          enclosing.getSimpleName());
    }
    Object explicitTopic = Annotations.value(event, Names.EVENT, "topic");
    if (explicitTopic != null && explicitTopic.toString().isBlank()) {
      reportAtTopic(event, Message.EVENT_TOPIC_BLANK);
    }
    if (!event.getTypeParameters().isEmpty()) {
      return null; // reported above; its type-variable components would only repeat it
    }
    ClassName name = ClassName.get(event);
    ClassName codec = GeneratedNames.sibling(name, "_Codec");
    ValueTypes types = new ValueTypes(codec);
    List<Component> components = new ArrayList<>();
    for (RecordComponentElement component : ValueTypes.components(event)) {
      if (component.asType().getKind() == TypeKind.ERROR) {
        return null; // javac reports the missing type itself
      }
      ValueType type = types.classify(component.asType());
      if (type == null) {
        diagnostics.error(component, Message.UNSUPPORTED_TYPE,
            "component '" + component.getSimpleName() + "' of @Event " + event.getSimpleName(),
            describe(component.asType().toString(), types));
        continue;
      }
      components.add(new Component(component.getSimpleName().toString(), type,
          component.asType().getKind().isPrimitive()));
    }
    if (diagnostics.errorCount() != before) {
      return null;
    }
    if (privateEnclosingType(event) != null) {
      // A codec could not name the event; its aggregate (or the class it strays in) reports
      // the private class, once for all of its events.
      return null;
    }
    String topic = explicitTopic == null ? name.canonicalName() : explicitTopic.toString().trim();
    return new EventModel(topLevel(event), name, codec, topic, components, types.records());
  }

  /** Reports at the event's explicit {@code topic} if it has one, else at the event. */
  void reportAtTopic(TypeElement event, Message message, Object... args) {
    AnnotationValue topic = Annotations.annotationValue(event, Names.EVENT, "topic");
    if (topic == null) {
      diagnostics.error(event, message, args);
    } else {
      diagnostics.error(event, Annotations.find(event, Names.EVENT), topic, message, args);
    }
  }

  static String describe(String declared, ValueTypes types) {
    String inner = types.unsupported() == null ? declared : types.unsupported().toString();
    if (types.hidden()) {
      return inner.equals(declared) ? declared + " (private, or nested in a private class)"
          : declared + " (" + inner + " is private, or nested in a private class)";
    }
    return inner.equals(declared) ? declared : declared + " (" + inner + " is not supported)";
  }

  /**
   * The innermost private type that {@code element} is nested in, or {@code null}. Generated code
   * in the package cannot name anything inside it.
   */
  static TypeElement privateEnclosingType(Element element) {
    for (Element current = element.getEnclosingElement();
        current != null && current.getKind() != ElementKind.PACKAGE;
        current = current.getEnclosingElement()) {
      if (current.getModifiers().contains(Modifier.PRIVATE)) {
        return (TypeElement) current;
      }
    }
    return null;
  }

  static TypeElement topLevel(Element element) {
    Element current = element;
    while (current.getEnclosingElement() != null
        && current.getEnclosingElement().getKind() != ElementKind.PACKAGE) {
      current = current.getEnclosingElement();
    }
    return (TypeElement) current;
  }
}
