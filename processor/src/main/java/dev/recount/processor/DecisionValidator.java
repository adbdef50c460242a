package dev.recount.processor;

import com.palantir.javapoet.ClassName;
import dev.recount.processor.Models.DecisionHandler;
import dev.recount.processor.Models.DecisionModelModel;
import dev.recount.processor.Models.TagModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Checks a {@code @DecisionModel} class and reads it into a model: its {@code @Tag} fields, and its
 * {@code @Apply} methods, each of which must apply a tagged or standalone event that declares every
 * tag of the model with the field's type. Reports each problem at its element.
 */
final class DecisionValidator {
  private final Diagnostics diagnostics;
  private final Types types;
  private final TagReader tagReader;

  DecisionValidator(Diagnostics diagnostics, Types types) {
    this.diagnostics = diagnostics;
    this.types = types;
    this.tagReader = new TagReader(diagnostics);
  }

  Validation<DecisionModelModel> read(TypeElement model) {
    int before = diagnostics.errorCount();
    String name = model.getSimpleName().toString();
    if (!AnnotatedClasses.check(
        diagnostics,
        model,
        "@DecisionModel",
        Message.DECISION_NOT_A_CLASS,
        Message.DECISION_PRIVATE)) {
      return Validation.invalid();
    }
    Map<String, TagModel> tags = new LinkedHashMap<>();
    Map<String, VariableElement> tagFields = new HashMap<>();
    Map<String, Element> byName = new LinkedHashMap<>();
    boolean ready = true;
    for (VariableElement field : ElementFilter.fieldsIn(model.getEnclosedElements())) {
      if (!Annotations.has(field, Names.TAG)) {
        continue;
      }
      if (field.getModifiers().contains(Modifier.PRIVATE)
          || field.getModifiers().contains(Modifier.STATIC)) {
        diagnostics.error(field, Message.DECISION_TAG_FIELD, field.getSimpleName(), name);
        continue;
      }
      if (field.asType().getKind() == TypeKind.ERROR) {
        ready = false;
        continue;
      }
      TagModel tag = tagReader.read(field, field.asType(), "field", byName);
      if (tag != null) {
        tags.put(tag.name(), tag);
        tagFields.put(tag.name(), field);
      }
    }
    List<DecisionHandler> handlers = new ArrayList<>();
    Map<String, ExecutableElement> byEvent = new HashMap<>();
    boolean applies = false;
    for (ExecutableElement method : ElementFilter.methodsIn(model.getEnclosedElements())) {
      if (!Annotations.has(method, Names.APPLY)) {
        continue;
      }
      applies = true;
      String methodName = method.getSimpleName().toString();
      AnnotatedMethods.EventParameter applied = AnnotatedMethods.applyEvent(diagnostics, method);
      if (applied.event() == null) {
        ready &= !applied.deferred();
        continue;
      }
      VariableElement parameter = applied.parameter();
      TypeElement event = applied.event();
      Map<String, TypeMirror> eventTags = declaredTags(event);
      if (!EventValidator.standalone(event) && eventTags.isEmpty()) {
        diagnostics.error(
            parameter, Message.DECISION_EVENT_NOT_QUERYABLE, methodName, event.getSimpleName());
        continue;
      }
      ExecutableElement earlier = byEvent.putIfAbsent(event.getQualifiedName().toString(), method);
      if (earlier != null) {
        diagnostics.error(
            method, Message.APPLY_DUPLICATE, event.getSimpleName(), earlier.getSimpleName());
        continue;
      }
      for (TagModel tag : tags.values()) {
        TypeMirror eventTag = eventTags.get(tag.name());
        VariableElement field = tagFields.get(tag.name());
        if (eventTag == null) {
          diagnostics.error(
              parameter,
              Message.DECISION_TAG_MISSING,
              methodName,
              event.getSimpleName(),
              tag.name(),
              name,
              field.getSimpleName());
        } else if (!types.isSameType(eventTag, field.asType())) {
          diagnostics.error(
              parameter,
              Message.DECISION_TAG_TYPE,
              methodName,
              event.getSimpleName(),
              tag.name(),
              eventTag,
              field.getSimpleName(),
              field.asType());
        }
      }
      ClassName eventName = ClassName.get(event);
      handlers.add(
          new DecisionHandler(methodName, eventName, GeneratedNames.sibling(eventName, "Query")));
    }
    if (!applies) {
      diagnostics.error(model, Message.DECISION_NO_APPLY, name, name);
    }
    if (diagnostics.errorCount() != before) {
      return Validation.invalid();
    }
    if (!ready) {
      return Validation.notReady(model);
    }
    return Validation.valid(new DecisionModelModel(
        EventValidator.topLevel(model),
        ClassName.get(model),
        List.copyOf(tags.values()),
        handlers));
  }

  /**
   * The tags {@code event} declares, by name, with their types; those with a name that is not valid
   * are left out (the event's own check reports them).
   */
  private static Map<String, TypeMirror> declaredTags(TypeElement event) {
    Map<String, TypeMirror> tags = new HashMap<>();
    for (RecordComponentElement component : ValueTypes.components(event)) {
      Object name = Annotations.value(component, Names.TAG, "value");
      if (name != null) {
        tags.putIfAbsent(name.toString(), component.asType());
      }
    }
    return tags;
  }
}
