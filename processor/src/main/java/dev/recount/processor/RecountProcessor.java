package dev.recount.processor;

import com.google.auto.service.AutoService;
import dev.recount.processor.Models.AggregateModel;
import dev.recount.processor.Models.EventModel;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Validates {@code @Aggregate}, {@code @Event} and {@code @Apply} elements and generates, per
 * event, its codec and, per aggregate, its mutator, event mapping, snapshot mapping and repository.
 * Isolating: every generated file comes from one top-level source type.
 */
@AutoService(Processor.class)
public final class RecountProcessor extends AbstractProcessor {
  private Diagnostics diagnostics;
  private SourceWriter writer;
  private EventValidator events;
  private AggregateValidator aggregates;

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(Names.AGGREGATE, Names.EVENT, Names.APPLY);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public synchronized void init(javax.annotation.processing.ProcessingEnvironment env) {
    super.init(env);
    diagnostics = new Diagnostics(env.getMessager());
    writer = new SourceWriter(env.getFiler(), env.getElementUtils(), diagnostics);
    events = new EventValidator(diagnostics);
    aggregates = new AggregateValidator(diagnostics, env.getElementUtils(), env.getTypeUtils());
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (round.processingOver()) {
      return false;
    }
    Map<String, EventModel> validEvents = new LinkedHashMap<>();
    Set<String> invalidEvents = new HashSet<>();
    Map<String, EventModel> byTopic = new LinkedHashMap<>();
    List<TypeElement> eventTypes = annotated(round, Names.EVENT);
    for (TypeElement event : eventTypes) {
      try {
        EventModel model = events.read(event);
        String key = event.getQualifiedName().toString();
        if (model == null) {
          invalidEvents.add(key);
          continue;
        }
        EventModel clash = byTopic.putIfAbsent(model.topic(), model);
        if (clash != null) {
          events.reportAtTopic(event, Message.EVENT_TOPIC_DUPLICATE, model.topic(),
              clash.event().canonicalName());
          invalidEvents.add(key);
          continue;
        }
        validEvents.put(key, model);
      } catch (RuntimeException e) {
        diagnostics.internalError(event, e);
      }
    }

    checkApplyMethodsAreInAggregates(round);
    List<TypeElement> aggregateTypes = annotated(round, Names.AGGREGATE);
    for (TypeElement aggregate : aggregateTypes) {
      try {
        AggregateModel model = aggregates.read(aggregate, validEvents, invalidEvents);
        // Stop at the first type not written: the others share its name's stem, and its error.
        if (model != null
            && writer.write(model.mutator(), new MutatorGenerator().generate(model),
                model.origin(), aggregate)
            && writer.write(model.events(), new EventsGenerator().generate(model),
                model.origin(), aggregate)
            && writer.write(model.snapshot(), new SnapshotGenerator().generate(model),
                model.origin(), aggregate)) {
          writer.write(model.repository(), new RepositoryGenerator().generate(model),
              model.origin(), aggregate);
        }
      } catch (RuntimeException e) {
        diagnostics.internalError(aggregate, e);
      }
    }
    checkTopLevelEventsHandled(eventTypes, aggregateTypes);
    for (TypeElement event : eventTypes) {
      EventModel model = validEvents.get(event.getQualifiedName().toString());
      if (model != null) {
        writer.write(model.codec(), new CodecGenerator().generate(model), model.origin(), event);
      }
    }
    return false;
  }

  private List<TypeElement> annotated(RoundEnvironment round, String annotation) {
    TypeElement type = processingEnv.getElementUtils().getTypeElement(annotation);
    if (type == null) {
      return List.of();
    }
    return List.copyOf(ElementFilter.typesIn(round.getElementsAnnotatedWith(type)));
  }

  private void checkApplyMethodsAreInAggregates(RoundEnvironment round) {
    TypeElement apply = processingEnv.getElementUtils().getTypeElement(Names.APPLY);
    if (apply == null) {
      return;
    }
    for (ExecutableElement method : ElementFilter.methodsIn(round.getElementsAnnotatedWith(apply))) {
      Element owner = method.getEnclosingElement();
      if (!Annotations.has(owner, Names.AGGREGATE)) {
        diagnostics.error(method, Message.APPLY_OUTSIDE_AGGREGATE, method.getSimpleName(),
            owner.getSimpleName());
      }
    }
  }

  /** A top-level event must be applied by some aggregate of its package. */
  private void checkTopLevelEventsHandled(List<TypeElement> events,
      List<TypeElement> aggregateTypes) {
    for (TypeElement event : events) {
      if (event.getEnclosingElement().getKind() != ElementKind.PACKAGE
          || event.getKind() != ElementKind.RECORD) {
        continue;
      }
      Types types = processingEnv.getTypeUtils();
      boolean handled = false;
      for (TypeElement aggregate : aggregateTypes) {
        for (ExecutableElement method : ElementFilter.methodsIn(aggregate.getEnclosedElements())) {
          if (AggregateValidator.isApplyFor(method, event, types)) {
            handled = true;
          }
        }
      }
      if (!handled) {
        diagnostics.error(event, Message.EVENT_WITHOUT_HANDLER, event.getSimpleName(),
            "any @Aggregate of package "
                + processingEnv.getElementUtils().getPackageOf(event).getQualifiedName(),
            event.getSimpleName());
      }
    }
  }
}
