package dev.recount.processor;

import dev.recount.processor.Models.DecisionModelModel;
import dev.recount.processor.Models.EventModel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The Dynamic Consistency Boundary part of a round: which extra types an event gets (its typed
 * query if it is tagged or standalone, its {@code DcbEvents} mapping if standalone), and the
 * validation and generation of {@code @DecisionModel} classes. Kept out of {@link RecountProcessor}
 * so that it only orchestrates.
 */
final class DcbGenerators {
  private static final Generator<EventModel> QUERY = new QueryGenerator();
  private static final Generator<EventModel> DCB_EVENTS = new DcbEventsGenerator();
  private static final Generator<DecisionModelModel> DECISION = new DecisionGenerator();

  private final Diagnostics diagnostics;
  private final Elements elements;
  private final DecisionValidator validator;
  /** Decision models that referred to types not generated yet, by name, to try next round. */
  private final Set<String> deferred = new LinkedHashSet<>();

  DcbGenerators(Diagnostics diagnostics, Elements elements, Types types) {
    this.diagnostics = diagnostics;
    this.elements = elements;
    this.validator = new DecisionValidator(diagnostics, types);
  }

  /** {@code generators} and, for a tagged or standalone event, its query and mapping. */
  static List<Generator<EventModel>> forEvent(
      List<Generator<EventModel>> generators, EventModel model) {
    List<Generator<EventModel>> all = new ArrayList<>(generators);
    if (QueryGenerator.applies(model)) {
      all.add(QUERY);
    }
    if (model.standalone()) {
      all.add(DCB_EVENTS);
    }
    return all;
  }

  /** Validates the decision models of {@code round} (and those deferred) and writes their types. */
  void process(RoundEnvironment round, SourceWriter writer) {
    Set<TypeElement> models = new LinkedHashSet<>();
    TypeElement annotation = elements.getTypeElement(Names.DECISION_MODEL);
    if (annotation != null) {
      models.addAll(ElementFilter.typesIn(round.getElementsAnnotatedWith(annotation)));
    }
    for (String name : deferred) {
      TypeElement type = elements.getTypeElement(name);
      if (type != null) {
        models.add(type);
      }
    }
    deferred.clear();
    for (TypeElement model : models) {
      try {
        Validation<DecisionModelModel> read = validator.read(model);
        if (read instanceof Validation.Valid<DecisionModelModel> valid) {
          writer.write(
              DECISION.name(valid.model()),
              DECISION.generate(valid.model()),
              valid.model().origin(),
              model);
        } else if (read instanceof Validation.NotReady<DecisionModelModel>) {
          deferred.add(model.getQualifiedName().toString());
        }
      } catch (RuntimeException e) {
        diagnostics.internalError(model, e);
      }
    }
  }
}
