package dev.recount.processor;

import com.palantir.javapoet.ClassName;
import dev.recount.processor.Models.AggregateModel;
import dev.recount.processor.Models.Field;
import dev.recount.processor.Models.Handler;
import dev.recount.processor.Models.OldVersion;
import dev.recount.processor.ValueTypes.Component;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks an {@code @Aggregate} class, its {@code @Apply} methods, its nested events and its fields,
 * and reads it into a model. Keeps going after an error, so that users see every problem at once.
 */
final class AggregateValidator {
  private final Diagnostics diagnostics;
  private final Elements elements;
  private final Types types;
  private final SnapshotVersions snapshotVersions;

  AggregateValidator(Diagnostics diagnostics, Elements elements, Types types) {
    this.diagnostics = diagnostics;
    this.snapshotVersions = new SnapshotVersions(diagnostics);
    this.elements = elements;
    this.types = types;
  }

  /**
   * The aggregate's model; invalid if it has errors (reported), not ready if it refers to a type
   * that does not exist yet, or applies an event that is not ready.
   *
   * @param events the valid events compiled in this round, by qualified name
   * @param unavailableEvents events of this compilation that had errors (already reported) or are
   *     waiting for a type; an aggregate applying one of them gets no model and no error
   */
  Validation<AggregateModel> read(
      TypeElement aggregate, Map<String, Models.EventModel> events, Set<String> unavailableEvents) {
    int before = diagnostics.errorCount();
    if (aggregate.getKind() != ElementKind.CLASS) {
      diagnostics.error(aggregate, Message.AGGREGATE_NOT_A_CLASS);
      return Validation.invalid();
    }
    checkClass(aggregate);
    List<Handler> handlers = handlers(aggregate, events, unavailableEvents);
    checkNestedEventsHandled(aggregate);
    ClassName name = ClassName.get(aggregate);
    ValueTypes valueTypes = new ValueTypes(GeneratedNames.sibling(name, "_Snapshot"));
    List<Field> fields = fields(aggregate, valueTypes);
    int version = version(aggregate);
    List<OldVersion> oldSnapshots =
        version < 1 ? List.of() : snapshotVersions.read(aggregate, version, valueTypes);
    if (diagnostics.errorCount() != before) {
      return Validation.invalid();
    }
    if (handlers == null || fields == null || oldSnapshots == null) {
      return Validation.notReady(aggregate); // it refers to a type or event not there yet
    }
    Object interval = Annotations.value(aggregate, Names.AGGREGATE, "snapshotInterval");
    List<Component> captured = fields.stream().map(Field::component).toList();
    return Validation.valid(new AggregateModel(
        EventValidator.topLevel(aggregate),
        name,
        name.canonicalName(),
        interval == null ? 0 : (Integer) interval,
        handlers,
        fields,
        valueTypes.records(captured),
        version,
        Fingerprints.of(version, captured),
        oldSnapshots));
  }

  /** {@code @Aggregate(version)}, reported there if below 1. */
  private int version(TypeElement aggregate) {
    Object explicit = Annotations.value(aggregate, Names.AGGREGATE, "version");
    int version = explicit == null ? 1 : (Integer) explicit;
    if (version < 1) {
      diagnostics.error(
          aggregate,
          Annotations.find(aggregate, Names.AGGREGATE),
          Annotations.annotationValue(aggregate, Names.AGGREGATE, "version"),
          Message.AGGREGATE_VERSION_INVALID,
          aggregate.getSimpleName(),
          version);
    }
    return version;
  }

  private void checkClass(TypeElement aggregate) {
    if (aggregate.getModifiers().contains(Modifier.ABSTRACT)) {
      diagnostics.error(aggregate, Message.AGGREGATE_ABSTRACT, aggregate.getSimpleName());
    }
    TypeElement privateEnclosing = EventValidator.privateEnclosingType(aggregate);
    if (aggregate.getModifiers().contains(Modifier.PRIVATE)) {
      diagnostics.error(aggregate, Message.AGGREGATE_PRIVATE, aggregate.getSimpleName());
    } else if (privateEnclosing != null) {
      diagnostics.error(
          aggregate,
          Message.AGGREGATE_PRIVATE,
          aggregate.getSimpleName() + " (in the private class " + privateEnclosing.getSimpleName()
              + ")");
    }
    if (aggregate.getNestingKind() == NestingKind.MEMBER
        && !aggregate.getModifiers().contains(Modifier.STATIC)) {
      diagnostics.error(aggregate, Message.AGGREGATE_INNER_CLASS, aggregate.getSimpleName());
    }
    if (!aggregate.getTypeParameters().isEmpty()) {
      diagnostics.error(
          aggregate, Message.GENERIC_TYPE, "@Aggregate class " + aggregate.getSimpleName());
    }
    if (!extendsAggregateRoot(aggregate)) {
      diagnostics.error(aggregate, Message.AGGREGATE_NOT_AGGREGATE_ROOT, aggregate.getSimpleName());
    }
    boolean constructor = false;
    for (ExecutableElement each : ElementFilter.constructorsIn(aggregate.getEnclosedElements())) {
      // The implicit constructor of a private class is private too: AGGREGATE_PRIVATE says so.
      if (each.getParameters().isEmpty()
          && (!each.getModifiers().contains(Modifier.PRIVATE)
              || elements.getOrigin(each) == Elements.Origin.MANDATED)) {
        constructor = true;
      }
    }
    if (!constructor) {
      diagnostics.error(aggregate, Message.AGGREGATE_NO_CONSTRUCTOR, aggregate.getSimpleName());
    }
  }

  private List<Handler> handlers(
      TypeElement aggregate, Map<String, Models.EventModel> events, Set<String> unavailableEvents) {
    Map<String, ExecutableElement> byEvent = new LinkedHashMap<>();
    List<Handler> handlers = new ArrayList<>();
    boolean ready = true;
    for (ExecutableElement method : ElementFilter.methodsIn(aggregate.getEnclosedElements())) {
      if (!Annotations.has(method, Names.APPLY)) {
        continue;
      }
      String name = method.getSimpleName().toString();
      AnnotatedMethods.EventParameter applied = AnnotatedMethods.applyEvent(diagnostics, method);
      if (applied.event() == null) {
        ready &= !applied.deferred();
        continue;
      }
      VariableElement parameter = applied.parameter();
      TypeElement event = applied.event();
      String key = event.getQualifiedName().toString();
      Element enclosing = event.getEnclosingElement();
      if (unavailableEvents.contains(key)
          && enclosing.getKind() != ElementKind.PACKAGE
          && !Annotations.has(enclosing, Names.AGGREGATE)) {
        ready = false; // AGGREGATE_MISSING, at the event's class, says where it belongs
        continue;
      }
      String owner = ownerOf(aggregate, event);
      if (owner != null) {
        diagnostics.error(
            parameter, Message.APPLY_FOREIGN_EVENT, name, event.getQualifiedName(), owner);
        continue;
      }
      ExecutableElement earlier = byEvent.putIfAbsent(key, method);
      if (earlier != null) {
        diagnostics.error(
            method, Message.APPLY_DUPLICATE, event.getSimpleName(), earlier.getSimpleName());
        continue;
      }
      ClassName eventName = ClassName.get(event);
      ClassName codec = GeneratedNames.sibling(eventName, "_Codec");
      if (unavailableEvents.contains(key)) {
        ready = false; // its own errors were reported at the event, or it is not ready yet
      } else if (!events.containsKey(key)
          && elements.getTypeElement(codec.canonicalName()) == null) {
        diagnostics.error(
            parameter, Message.APPLY_NO_CODEC, event.getQualifiedName(), codec.canonicalName());
        continue;
      }
      if (EventValidator.standalone(event)) {
        diagnostics.error(parameter, Message.APPLY_STANDALONE_EVENT, name, event.getSimpleName());
        continue;
      }
      handlers.add(new Handler(
          name,
          eventName,
          codec,
          EventValidator.aliases(event),
          optionalComponents(event),
          TagReader.tagged(event)));
    }
    return ready ? handlers : null;
  }

  /** The names of the components of {@code event} whose type is {@code java.util.Optional}. */
  private static List<String> optionalComponents(TypeElement event) {
    List<String> optionals = new ArrayList<>();
    for (RecordComponentElement component :
        ElementFilter.recordComponentsIn(event.getEnclosedElements())) {
      if (component.asType() instanceof DeclaredType declared
          && ((TypeElement) declared.asElement())
              .getQualifiedName()
              .contentEquals("java.util.Optional")) {
        optionals.add(component.getSimpleName().toString());
      }
    }
    return List.copyOf(optionals);
  }

  /** Who owns {@code event} if not this aggregate: its aggregate class, or another package. */
  private String ownerOf(TypeElement aggregate, TypeElement event) {
    Element enclosing = event.getEnclosingElement();
    if (enclosing.getKind() == ElementKind.PACKAGE) {
      PackageElement own = elements.getPackageOf(aggregate);
      return enclosing.equals(own)
          ? null
          : "package " + ((PackageElement) enclosing).getQualifiedName();
    }
    return enclosing.equals(aggregate) ? null : enclosing.toString();
  }

  private void checkNestedEventsHandled(TypeElement aggregate) {
    for (TypeElement nested : ElementFilter.typesIn(aggregate.getEnclosedElements())) {
      if (!Annotations.has(nested, Names.EVENT)
          || nested.getKind() != ElementKind.RECORD
          || EventValidator.standalone(nested)) { // a standalone one is reported as misplaced
        continue;
      }
      if (!hasApplyFor(aggregate, nested)) {
        diagnostics.error(
            nested,
            Message.EVENT_WITHOUT_HANDLER,
            nested.getSimpleName(),
            aggregate.getSimpleName(),
            aggregate.getSimpleName() + "." + nested.getSimpleName());
      }
    }
  }

  private boolean hasApplyFor(TypeElement aggregate, TypeElement event) {
    for (ExecutableElement method : ElementFilter.methodsIn(aggregate.getEnclosedElements())) {
      if (isApplyFor(method, event, types)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code method} is an {@code @Apply} method meant for {@code event}: one of its
   * parameters is the event (by erasure). A method with the wrong number of parameters counts too,
   * so that its own error is not followed by one saying that the event has no handler.
   */
  static boolean isApplyFor(ExecutableElement method, TypeElement event, Types types) {
    if (!Annotations.has(method, Names.APPLY)) {
      return false;
    }
    for (VariableElement parameter : method.getParameters()) {
      if (types.isSameType(types.erasure(parameter.asType()), types.erasure(event.asType()))) {
        return true;
      }
    }
    return false;
  }

  private boolean extendsAggregateRoot(TypeElement aggregate) {
    TypeElement root = elements.getTypeElement(Names.AGGREGATE_ROOT);
    return root != null
        && types.isSubtype(types.erasure(aggregate.asType()), types.erasure(root.asType()));
  }

  /**
   * The classes whose fields snapshots capture, superclasses first, up to {@code AggregateRoot}.
   * Without AggregateRoot (reported), superclasses are whatever the user extended by mistake, such
   * as ArrayList: their fields would only bury that one error under many.
   */
  private List<TypeElement> hierarchy(TypeElement aggregate) {
    boolean inherits = extendsAggregateRoot(aggregate);
    TypeElement current = aggregate;
    List<TypeElement> hierarchy = new ArrayList<>();
    while (current != null
        && !current.getQualifiedName().contentEquals(Names.AGGREGATE_ROOT)
        && !current.getQualifiedName().contentEquals("java.lang.Object")) {
      hierarchy.add(0, current);
      if (!inherits) {
        break;
      }
      TypeMirror superclass = current.getSuperclass();
      current = superclass.getKind() == TypeKind.DECLARED
          ? (TypeElement) ((DeclaredType) superclass).asElement()
          : null;
    }
    return hierarchy;
  }

  private static boolean captured(VariableElement field) {
    return !field.getModifiers().contains(Modifier.STATIC)
        && !field.getModifiers().contains(Modifier.TRANSIENT);
  }

  /** The fields that snapshots of a valid {@code aggregate} capture. */
  List<VariableElement> snapshotFields(TypeElement aggregate) {
    List<VariableElement> fields = new ArrayList<>();
    for (TypeElement type : hierarchy(aggregate)) {
      for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
        if (captured(field)) {
          fields.add(field);
        }
      }
    }
    return fields;
  }

  private List<Field> fields(TypeElement aggregate, ValueTypes valueTypes) {
    List<Field> fields = new ArrayList<>();
    boolean ready = true;
    PackageElement own = elements.getPackageOf(aggregate);
    Map<String, TypeElement> byName = new HashMap<>(); // snapshots store fields by name
    for (TypeElement type : hierarchy(aggregate)) {
      for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
        if (!captured(field)) {
          continue;
        }
        Element at = type.equals(aggregate) ? field : aggregate;
        String label = "field '" + field.getSimpleName() + "'"
            + (type.equals(aggregate) ? "" : " of " + type.getSimpleName());
        boolean isPrivate = field.getModifiers().contains(Modifier.PRIVATE);
        boolean samePackage = elements.getPackageOf(type).equals(own);
        if (isPrivate || !(samePackage || field.getModifiers().contains(Modifier.PUBLIC))) {
          String access = isPrivate
              ? "private"
              : field.getModifiers().contains(Modifier.PROTECTED)
                  ? "protected in another package"
                  : "package-private in another package";
          diagnostics.error(
              at,
              Message.FIELD_PRIVATE,
              label,
              access,
              GeneratedNames.sibling(ClassName.get(aggregate), "_Snapshot").simpleName(),
              samePackage ? "package-private" : "public");
          continue;
        }
        if (field.asType().getKind() == TypeKind.ERROR) {
          ready = false;
          continue;
        }
        ValueType valueType = valueTypes.classify(field.asType());
        if (valueType == null) {
          diagnostics.error(
              at,
              Message.UNSUPPORTED_TYPE,
              label,
              EventValidator.describe(field.asType().toString(), valueTypes));
          continue;
        }
        boolean isFinal = field.getModifiers().contains(Modifier.FINAL);
        boolean refill =
            isFinal && valueType instanceof ValueType.Container container && container.refillable();
        if (isFinal && !refill) {
          diagnostics.error(at, Message.FIELD_FINAL, label, field.asType());
          continue;
        }
        TypeElement hidden = byName.putIfAbsent(field.getSimpleName().toString(), type);
        if (hidden != null) {
          diagnostics.error(
              at, Message.FIELD_HIDDEN, label, field.getSimpleName(), hidden.getSimpleName());
          continue;
        }
        boolean map = valueType instanceof ValueType.Container container && container.isMap();
        fields.add(new Field(
            new Component(
                field.getSimpleName().toString(),
                valueType,
                field.asType().getKind().isPrimitive()),
            refill,
            map));
      }
    }
    return ready ? fields : null;
  }
}
