package dev.recount.processor;

import java.util.LinkedHashSet;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks that every top-level event is applied by some aggregate, unless it is standalone (appended
 * with a Dynamic Consistency Boundary condition, owned by no aggregate). Checked once all rounds
 * are done, since the aggregate may come from a later round than the event; events nested in an
 * aggregate are checked by {@link AggregateValidator}. Keeps names, not elements, across rounds.
 */
final class HandlerValidator {
  private final Diagnostics diagnostics;
  private final Elements elements;
  private final Types types;
  private final Set<String> aggregates = new LinkedHashSet<>();
  private final Set<String> topLevelEvents = new LinkedHashSet<>();

  HandlerValidator(Diagnostics diagnostics, Elements elements, Types types) {
    this.diagnostics = diagnostics;
    this.elements = elements;
    this.types = types;
  }

  /** Notes an {@code @Event} type of this compilation. */
  void event(TypeElement event) {
    if (event.getEnclosingElement().getKind() == ElementKind.PACKAGE
        && event.getKind() == ElementKind.RECORD
        && !EventValidator.standalone(event)) {
      topLevelEvents.add(event.getQualifiedName().toString());
    }
  }

  /** Notes an {@code @Aggregate} type of this compilation. */
  void aggregate(TypeElement aggregate) {
    aggregates.add(aggregate.getQualifiedName().toString());
  }

  /** Reports each top-level event that no aggregate noted has an {@code @Apply} method for. */
  void checkTopLevelEventsHandled() {
    for (String name : topLevelEvents) {
      TypeElement event = elements.getTypeElement(name);
      if (event != null && !handled(event)) {
        diagnostics.error(
            event,
            Message.EVENT_WITHOUT_HANDLER,
            event.getSimpleName(),
            "any @Aggregate of package " + elements.getPackageOf(event).getQualifiedName(),
            event.getSimpleName());
      }
    }
  }

  private boolean handled(TypeElement event) {
    for (String aggregateName : aggregates) {
      TypeElement aggregate = elements.getTypeElement(aggregateName);
      if (aggregate == null) {
        continue;
      }
      for (ExecutableElement method : ElementFilter.methodsIn(aggregate.getEnclosedElements())) {
        if (AggregateValidator.isApplyFor(method, event, types)) {
          return true;
        }
      }
    }
    return false;
  }
}
