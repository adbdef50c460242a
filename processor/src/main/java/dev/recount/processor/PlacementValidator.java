package dev.recount.processor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Checks that annotations which only mean something inside another annotated type are placed there:
 * {@code @Event} records (unless top-level) and {@code @Apply} methods in an {@code @Aggregate}
 * class, {@code @EventVersion} records in an {@code @Event} record, {@code @SnapshotVersion}
 * records in an {@code @Aggregate} class, and {@code @Upcast} methods in either or in one of their
 * old shapes. The other validators check the ones that are placed right; this reports the ones that
 * stray, once each.
 */
final class PlacementValidator {
  private final Diagnostics diagnostics;
  private final Elements elements;

  PlacementValidator(Diagnostics diagnostics, Elements elements) {
    this.diagnostics = diagnostics;
    this.elements = elements;
  }

  /**
   * Checks the elements of {@code round}, and returns the classes reported for a missing
   * {@code @Aggregate}: their {@code @Apply} methods still count as applying their events, so that
   * the one error at the class is the only one.
   */
  List<TypeElement> check(RoundEnvironment round) {
    List<TypeElement> missing = checkMissingAggregates(round);
    checkShapes(
        round,
        Names.EVENT_VERSION,
        Names.EVENT,
        "an @Event record",
        Message.EVENT_VERSION_MISPLACED);
    checkShapes(
        round,
        Names.SNAPSHOT_VERSION,
        Names.AGGREGATE,
        "an @Aggregate class",
        Message.SNAPSHOT_VERSION_MISPLACED);
    checkUpcasters(round);
    return missing;
  }

  /**
   * Reports each class with {@code @Event} records or {@code @Apply} methods that is not an
   * {@code @Aggregate} once, at the class: a forgotten {@code @Aggregate} is one mistake, not one
   * per member. {@link EventValidator} leaves such events invalid without a message of its own.
   */
  private List<TypeElement> checkMissingAggregates(RoundEnvironment round) {
    Map<Element, List<String>> events = new LinkedHashMap<>();
    Map<Element, List<String>> handlers = new LinkedHashMap<>();
    TypeElement event = elements.getTypeElement(Names.EVENT);
    if (event != null) {
      for (TypeElement type : ElementFilter.typesIn(round.getElementsAnnotatedWith(event))) {
        if (outsideAggregate(type)) {
          events
              .computeIfAbsent(type.getEnclosingElement(), owner -> new ArrayList<>())
              .add(type.getSimpleName().toString());
        }
      }
    }
    TypeElement apply = elements.getTypeElement(Names.APPLY);
    if (apply != null) {
      for (ExecutableElement method :
          ElementFilter.methodsIn(round.getElementsAnnotatedWith(apply))) {
        if (!Annotations.has(method.getEnclosingElement(), Names.AGGREGATE)) {
          handlers
              .computeIfAbsent(method.getEnclosingElement(), owner -> new ArrayList<>())
              .add(method.getSimpleName() + "()");
        }
      }
    }
    Set<Element> owners = new LinkedHashSet<>(events.keySet());
    owners.addAll(handlers.keySet());
    for (Element owner : owners) {
      List<String> members = new ArrayList<>();
      if (events.containsKey(owner)) {
        members.add("@Event records " + String.join(", ", events.get(owner)));
      }
      if (handlers.containsKey(owner)) {
        members.add("@Apply methods " + String.join(", ", handlers.get(owner)));
      }
      diagnostics.error(
          owner, Message.AGGREGATE_MISSING, owner.getSimpleName(), String.join(" and ", members));
    }
    return List.copyOf(ElementFilter.typesIn(owners));
  }

  /** Whether {@code event} is nested in a type that is not an {@code @Aggregate}. */
  static boolean outsideAggregate(TypeElement event) {
    Element enclosing = event.getEnclosingElement();
    return enclosing.getKind() != ElementKind.PACKAGE
        && !Annotations.has(enclosing, Names.AGGREGATE);
  }

  private void checkShapes(
      RoundEnvironment round,
      String shapeAnnotation,
      String ownerAnnotation,
      String ownerDescription,
      Message misplaced) {
    TypeElement annotation = elements.getTypeElement(shapeAnnotation);
    if (annotation == null) {
      return;
    }
    for (Element shape : round.getElementsAnnotatedWith(annotation)) {
      Element owner = shape.getEnclosingElement();
      if (shape.getKind() != ElementKind.RECORD) {
        diagnostics.error(shape, misplaced, shape.getSimpleName(), "not a record");
      } else if (!Annotations.has(owner, ownerAnnotation)) {
        diagnostics.error(
            shape,
            misplaced,
            shape.getSimpleName(),
            owner.getKind() == ElementKind.PACKAGE
                ? "top-level"
                : "nested in " + owner.getSimpleName() + ", which is not " + ownerDescription);
      }
    }
  }

  private void checkUpcasters(RoundEnvironment round) {
    TypeElement upcast = elements.getTypeElement(Names.UPCAST);
    if (upcast == null) {
      return;
    }
    for (ExecutableElement method :
        ElementFilter.methodsIn(round.getElementsAnnotatedWith(upcast))) {
      Element owner = method.getEnclosingElement();
      if (!ownsUpcasters(owner, Names.EVENT, Names.EVENT_VERSION)
          && !ownsUpcasters(owner, Names.AGGREGATE, Names.SNAPSHOT_VERSION)) {
        diagnostics.error(
            method, Message.UPCAST_MISPLACED, method.getSimpleName(), owner.getSimpleName());
      }
    }
  }

  /**
   * Whether {@code owner} is annotated {@code type}, or is a {@code shape} record nested in one.
   */
  private static boolean ownsUpcasters(Element owner, String type, String shape) {
    return Annotations.has(owner, type)
        || (Annotations.has(owner, shape)
            && owner.getKind() == ElementKind.RECORD
            && Annotations.has(owner.getEnclosingElement(), type));
  }
}
