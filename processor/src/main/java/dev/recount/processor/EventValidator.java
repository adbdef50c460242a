package dev.recount.processor;

import com.palantir.javapoet.ClassName;
import dev.recount.processor.Models.EventModel;
import dev.recount.processor.Models.OldVersion;
import dev.recount.processor.ValueTypes.Component;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Checks an {@code @Event} element and reads it into a model, reporting each problem at its
 * element.
 */
final class EventValidator {
  private final Diagnostics diagnostics;
  private final RecordComponents recordComponents;

  EventValidator(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
    this.recordComponents = new RecordComponents(diagnostics);
  }

  /**
   * The event's model; invalid if it has errors (reported), not ready if one of its types is
   * missing (javac reports it if it never appears).
   */
  Validation<EventModel> read(TypeElement event) {
    int before = diagnostics.errorCount();
    if (event.getKind() != ElementKind.RECORD) {
      diagnostics.error(
          event,
          Message.EVENT_NOT_A_RECORD,
          event.getKind().toString().toLowerCase(Locale.ROOT).replace('_', ' '),
          event.getSimpleName(),
          event.getSimpleName());
      return Validation.invalid();
    }
    if (event.getModifiers().contains(Modifier.PRIVATE)) {
      diagnostics.error(event, Message.EVENT_PRIVATE, event.getSimpleName());
    }
    if (!event.getTypeParameters().isEmpty()) {
      diagnostics.error(event, Message.GENERIC_TYPE, "@Event record " + event.getSimpleName());
    }
    Object explicitTopic = Annotations.value(event, Names.EVENT, "topic");
    if (explicitTopic != null && explicitTopic.toString().isBlank()) {
      diagnostics.errorAtMember(event, Names.EVENT, "topic", Message.EVENT_TOPIC_BLANK);
    }
    if (!event.getTypeParameters().isEmpty()) {
      return Validation.invalid(); // reported above; its type-variable components would repeat it
    }
    AnnotationValue aliasValues = Annotations.annotationValue(event, Names.EVENT, "aliases");
    if (aliasValues != null) {
      for (Object alias : (List<?>) aliasValues.getValue()) {
        if (((AnnotationValue) alias).getValue().toString().isBlank()) {
          diagnostics.error(
              event,
              Annotations.find(event, Names.EVENT),
              (AnnotationValue) alias,
              Message.EVENT_TOPIC_BLANK);
        }
      }
    }
    List<String> aliases = aliases(event);
    Object explicitVersion = Annotations.value(event, Names.EVENT, "version");
    int version = explicitVersion == null ? 1 : (Integer) explicitVersion;
    if (version < 1) {
      diagnostics.error(
          event,
          Annotations.find(event, Names.EVENT),
          Annotations.annotationValue(event, Names.EVENT, "version"),
          Message.EVENT_VERSION_INVALID,
          event.getSimpleName(),
          version);
    }
    ClassName name = ClassName.get(event);
    ClassName codec = GeneratedNames.sibling(name, "_Codec");
    ValueTypes types = new ValueTypes(codec);
    List<Component> components =
        recordComponents.read(event, "@Event " + event.getSimpleName(), types);
    List<OldVersion> oldVersions =
        components == null || version < 1 ? List.of() : oldVersions(event, version, types);
    if (diagnostics.errorCount() != before || PlacementValidator.outsideAggregate(event)) {
      return Validation.invalid(); // outside an aggregate: AGGREGATE_MISSING, once at the class
    }
    if (components == null || oldVersions == null) {
      return Validation.notReady(event); // a component's type may be generated in a later round
    }
    if (privateEnclosingType(event) != null) {
      // A codec could not name the event; its aggregate (or the class it strays in) reports
      // the private class, once for all of its events.
      return Validation.invalid();
    }
    String topic =
        explicitTopic == null ? name.canonicalName() : explicitTopic.toString().trim();
    return Validation.valid(new EventModel(
        topLevel(event),
        name,
        codec,
        topic,
        List.copyOf(aliases),
        version,
        components,
        oldVersions,
        types.records(components)));
  }

  /**
   * The records of each version of a valid {@code event}, current (the event itself) included, for
   * the schema check.
   */
  static Map<Integer, TypeElement> versions(TypeElement event, int current) {
    Map<Integer, TypeElement> versions = new TreeMap<>();
    for (TypeElement nested : ElementFilter.typesIn(event.getEnclosedElements())) {
      if (nested.getKind() == ElementKind.RECORD && Annotations.has(nested, Names.EVENT_VERSION)) {
        versions.put((Integer) Annotations.value(nested, Names.EVENT_VERSION, "value"), nested);
      }
    }
    versions.put(current, event);
    return versions;
  }

  /**
   * The older shapes of {@code event}, oldest first, each with its upcaster: checks that versions 1
   * to {@code current - 1} are each declared once, and that each has exactly one upcaster to the
   * next version. {@code null} if a shape's component type is missing (javac reports it); other
   * problems are reported and leave the list incomplete.
   */
  private List<OldVersion> oldVersions(TypeElement event, int current, ValueTypes types) {
    Map<Integer, TypeElement> shapes = new TreeMap<>();
    List<ExecutableElement> upcasters = new ArrayList<>(upcastMethods(event.getEnclosedElements()));
    for (TypeElement nested : ElementFilter.typesIn(event.getEnclosedElements())) {
      if (!Annotations.has(nested, Names.EVENT_VERSION) || nested.getKind() != ElementKind.RECORD) {
        continue; // a misplaced @EventVersion is reported by the processor, once
      }
      upcasters.addAll(upcastMethods(nested.getEnclosedElements()));
      int version = (Integer) Annotations.value(nested, Names.EVENT_VERSION, "value");
      AnnotationMirror annotation = Annotations.find(nested, Names.EVENT_VERSION);
      AnnotationValue value = Annotations.annotationValue(nested, Names.EVENT_VERSION, "value");
      if (version < 1 || version >= current) {
        diagnostics.error(
            nested,
            annotation,
            value,
            Message.EVENT_VERSION_OUT_OF_RANGE,
            version,
            nested.getSimpleName(),
            current - 1,
            event.getSimpleName(),
            current);
        continue;
      }
      TypeElement earlier = shapes.putIfAbsent(version, nested);
      if (earlier != null) {
        diagnostics.error(
            nested,
            annotation,
            value,
            Message.EVENT_VERSION_DUPLICATE,
            version,
            nested.getSimpleName(),
            earlier.getSimpleName(),
            version);
      }
      if (nested.getModifiers().contains(Modifier.PRIVATE)) {
        diagnostics.error(nested, Message.EVENT_PRIVATE, nested.getSimpleName());
      }
    }
    for (int version = 1; version < current; version++) {
      if (!shapes.containsKey(version)) {
        diagnostics.error(
            event,
            Annotations.find(event, Names.EVENT),
            Annotations.annotationValue(event, Names.EVENT, "version"),
            Message.EVENT_VERSION_MISSING,
            event.getSimpleName(),
            current,
            version,
            version,
            version,
            version);
      }
    }

    // Each upcaster: from which version, checked against the shape of the next one.
    Map<Integer, ExecutableElement> links = new HashMap<>();
    for (ExecutableElement method : upcasters) {
      String methodName = method.getSimpleName().toString();
      if (!method.getModifiers().contains(Modifier.STATIC)
          || method.getModifiers().contains(Modifier.PRIVATE)
          || method.getParameters().size() != 1) {
        diagnostics.error(method, Message.UPCAST_SIGNATURE, methodName);
        continue;
      }
      VariableElement parameter = method.getParameters().get(0);
      Integer from = versionOf(parameter.asType(), shapes);
      if (from == null) {
        diagnostics.error(
            parameter,
            Message.UPCAST_WRONG_PARAMETER,
            methodName,
            parameter.asType(),
            event.getSimpleName());
        continue;
      }
      TypeElement next = from + 1 == current ? event : shapes.get(from + 1);
      if (next == null) {
        continue; // the missing version is reported above
      }
      if (!isType(method.getReturnType(), next)) {
        diagnostics.error(
            method,
            Message.UPCAST_WRONG_RETURN,
            methodName,
            from,
            shapes.get(from).getSimpleName(),
            from + 1,
            next.getSimpleName(),
            method.getReturnType());
        continue;
      }
      ExecutableElement earlier = links.putIfAbsent(from, method);
      if (earlier != null) {
        diagnostics.error(
            method, Message.UPCAST_DUPLICATE, methodName, from, earlier.getSimpleName());
      }
    }

    List<OldVersion> versions = new ArrayList<>();
    for (Map.Entry<Integer, TypeElement> shape : shapes.entrySet()) {
      int version = shape.getKey();
      TypeElement type = shape.getValue();
      List<Component> components = recordComponents.read(
          type, "@EventVersion(" + version + ") " + type.getSimpleName(), types);
      if (components == null) {
        return null;
      }
      ExecutableElement upcaster = links.get(version);
      if (upcaster == null) {
        if (shapes.containsKey(version + 1) || version + 1 == current) {
          TypeElement next = version + 1 == current ? event : shapes.get(version + 1);
          diagnostics.error(
              type,
              Message.UPCAST_MISSING,
              type.getSimpleName(),
              version,
              version + 1,
              next.getSimpleName(),
              type.getSimpleName(),
              event.getSimpleName());
        }
        continue;
      }
      versions.add(new OldVersion(
          version,
          ClassName.get(type),
          components,
          ClassName.get((TypeElement) upcaster.getEnclosingElement()),
          upcaster.getSimpleName().toString()));
    }
    return versions;
  }

  static List<ExecutableElement> upcastMethods(List<? extends Element> members) {
    List<ExecutableElement> methods = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(members)) {
      if (Annotations.has(method, Names.UPCAST)) {
        methods.add(method);
      }
    }
    return methods;
  }

  static Integer versionOf(TypeMirror type, Map<Integer, TypeElement> shapes) {
    for (Map.Entry<Integer, TypeElement> shape : shapes.entrySet()) {
      if (isType(type, shape.getValue())) {
        return shape.getKey();
      }
    }
    return null;
  }

  static boolean isType(TypeMirror type, TypeElement element) {
    return type.getKind() == TypeKind.DECLARED
        && ((DeclaredType) type).asElement().equals(element);
  }

  /** The trimmed {@code @Event(aliases)} of {@code event}, which may come from a class file. */
  static List<String> aliases(TypeElement event) {
    List<String> aliases = new ArrayList<>();
    Object values = Annotations.value(event, Names.EVENT, "aliases");
    if (values != null) {
      for (Object alias : (List<?>) values) {
        aliases.add(((AnnotationValue) alias).getValue().toString().trim());
      }
    }
    return List.copyOf(aliases);
  }

  static String describe(String declared, ValueTypes types) {
    String inner = types.unsupported() == null ? declared : types.unsupported().toString();
    if (types.hidden()) {
      return inner.equals(declared)
          ? declared + " (private, or nested in a private class)"
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
