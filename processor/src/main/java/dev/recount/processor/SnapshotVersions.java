package dev.recount.processor;

import com.palantir.javapoet.ClassName;
import dev.recount.processor.Models.OldVersion;
import dev.recount.processor.ValueTypes.Component;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;

/**
 * Checks the older snapshot shapes of an aggregate ({@code @SnapshotVersion} records nested in it)
 * and the {@code @Upcast} chain from each to the aggregate's fields: static methods from one record
 * to the next, then an instance method that sets the fields from the last record.
 */
final class SnapshotVersions {
  private final Diagnostics diagnostics;
  private final RecordComponents recordComponents;

  SnapshotVersions(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
    this.recordComponents = new RecordComponents(diagnostics);
  }

  /** The {@code @SnapshotVersion} records nested in {@code aggregate}, by version. */
  static Map<Integer, TypeElement> declared(TypeElement aggregate) {
    Map<Integer, TypeElement> shapes = new TreeMap<>();
    for (TypeElement nested : ElementFilter.typesIn(aggregate.getEnclosedElements())) {
      if (nested.getKind() == ElementKind.RECORD
          && Annotations.has(nested, Names.SNAPSHOT_VERSION)) {
        shapes.putIfAbsent(
            (Integer) Annotations.value(nested, Names.SNAPSHOT_VERSION, "value"), nested);
      }
    }
    return shapes;
  }

  /**
   * The declared older shapes, oldest first, each with its upcaster. Versions without a declared
   * shape are allowed (their snapshots are replayed instead), but each declared one must reach the
   * current fields link by link. {@code null} if a component's type is missing (javac reports it);
   * other problems are reported.
   */
  List<OldVersion> read(TypeElement aggregate, int current, ValueTypes types) {
    Map<Integer, TypeElement> shapes = new TreeMap<>();
    List<ExecutableElement> upcasters =
        new ArrayList<>(EventValidator.upcastMethods(aggregate.getEnclosedElements()));
    for (TypeElement nested : ElementFilter.typesIn(aggregate.getEnclosedElements())) {
      if (!Annotations.has(nested, Names.SNAPSHOT_VERSION)
          || nested.getKind() != ElementKind.RECORD) {
        continue; // a misplaced @SnapshotVersion is reported by the processor, once
      }
      upcasters.addAll(EventValidator.upcastMethods(nested.getEnclosedElements()));
      int version = (Integer) Annotations.value(nested, Names.SNAPSHOT_VERSION, "value");
      AnnotationMirror annotation = Annotations.find(nested, Names.SNAPSHOT_VERSION);
      AnnotationValue value = Annotations.annotationValue(nested, Names.SNAPSHOT_VERSION, "value");
      if (version < 1 || version >= current) {
        diagnostics.error(
            nested,
            annotation,
            value,
            Message.SNAPSHOT_VERSION_OUT_OF_RANGE,
            version,
            nested.getSimpleName(),
            aggregate.getSimpleName(),
            current,
            current,
            current + 1);
        continue;
      }
      TypeElement earlier = shapes.putIfAbsent(version, nested);
      if (earlier != null) {
        diagnostics.error(
            nested,
            annotation,
            value,
            Message.SNAPSHOT_VERSION_DUPLICATE,
            version,
            nested.getSimpleName(),
            earlier.getSimpleName(),
            version);
      }
      if (nested.getModifiers().contains(Modifier.PRIVATE)
          || !nested.getTypeParameters().isEmpty()) {
        diagnostics.error(
            nested,
            Message.SNAPSHOT_VERSION_PRIVATE,
            nested.getSimpleName(),
            GeneratedNames.sibling(ClassName.get(aggregate), "_Snapshot").simpleName());
      }
    }

    Set<Integer> attempted = new HashSet<>(); // versions with an upcaster, well-formed or not
    Map<Integer, ExecutableElement> links = links(aggregate, current, shapes, upcasters, attempted);

    List<OldVersion> versions = new ArrayList<>();
    for (Map.Entry<Integer, TypeElement> shape : shapes.entrySet()) {
      int version = shape.getKey();
      TypeElement type = shape.getValue();
      List<Component> components = recordComponents.read(
          type, "@SnapshotVersion(" + version + ") " + type.getSimpleName(), types);
      if (components == null) {
        return null;
      }
      boolean last = version + 1 == current;
      if (!last && !shapes.containsKey(version + 1)) {
        diagnostics.error(
            type,
            Message.SNAPSHOT_VERSION_GAP,
            version,
            type.getSimpleName(),
            version + 1,
            version + 1,
            type.getSimpleName(),
            version);
        continue;
      }
      ExecutableElement upcaster = links.get(version);
      if (upcaster == null && !attempted.contains(version)) {
        String signature = last
            ? "@Upcast void restore(" + type.getSimpleName() + " old) { ... }"
            : "@Upcast static " + shapes.get(version + 1).getSimpleName() + " upcast("
                + type.getSimpleName() + " old) { ... }";
        diagnostics.error(
            type,
            Message.SNAPSHOT_UPCAST_MISSING,
            type.getSimpleName(),
            version,
            last ? "the fields of " + aggregate.getSimpleName() : "version " + (version + 1),
            signature,
            last
                ? aggregate.getSimpleName()
                : aggregate.getSimpleName() + " or " + type.getSimpleName());
        continue;
      }
      if (upcaster == null) {
        continue; // its upcaster is reported
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

  /** Each well-formed upcaster by the version it converts; the others are reported. */
  private Map<Integer, ExecutableElement> links(
      TypeElement aggregate,
      int current,
      Map<Integer, TypeElement> shapes,
      List<ExecutableElement> upcasters,
      Set<Integer> attempted) {
    Map<Integer, ExecutableElement> links = new HashMap<>();
    for (ExecutableElement method : upcasters) {
      String name = method.getSimpleName().toString();
      if (method.getModifiers().contains(Modifier.PRIVATE)
          || method.getParameters().size() != 1) {
        diagnostics.error(method, Message.SNAPSHOT_UPCAST_SIGNATURE, name);
        continue;
      }
      VariableElement parameter = method.getParameters().get(0);
      Integer from = EventValidator.versionOf(parameter.asType(), shapes);
      if (from == null) {
        diagnostics.error(
            parameter,
            Message.SNAPSHOT_UPCAST_WRONG_PARAMETER,
            name,
            parameter.asType(),
            aggregate.getSimpleName());
        continue;
      }
      attempted.add(from);
      String old = shapes.get(from).getSimpleName().toString();
      boolean isStatic = method.getModifiers().contains(Modifier.STATIC);
      if (from + 1 == current) {
        if (isStatic
            || method.getReturnType().getKind() != TypeKind.VOID
            || !method.getEnclosingElement().equals(aggregate)) {
          diagnostics.error(
              method,
              Message.SNAPSHOT_UPCAST_LAST_LINK,
              name,
              from,
              old,
              current,
              name,
              old,
              aggregate.getSimpleName());
          continue;
        }
      } else {
        TypeElement next = shapes.get(from + 1);
        if (next == null) {
          continue; // the gap is reported at the old shape
        }
        if (!isStatic || !EventValidator.isType(method.getReturnType(), next)) {
          diagnostics.error(
              method,
              Message.SNAPSHOT_UPCAST_WRONG_LINK,
              name,
              from,
              old,
              next.getSimpleName(),
              name,
              old,
              from + 1);
          continue;
        }
      }
      ExecutableElement earlier = links.putIfAbsent(from, method);
      if (earlier != null) {
        diagnostics.error(method, Message.UPCAST_DUPLICATE, name, from, earlier.getSimpleName());
      }
    }
    return links;
  }
}
