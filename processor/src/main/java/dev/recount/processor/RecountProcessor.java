package dev.recount.processor;

import com.google.auto.service.AutoService;
import dev.recount.processor.Models.AggregateModel;
import dev.recount.processor.Models.EventModel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
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
  /** The schema check, if the {@code recount.schemaDir} option names a directory. */
  private SchemaFiles schemas;

  // State kept across rounds, by qualified name: elements do not outlive their round.
  /** Events and aggregates that referred to types not yet generated, to try again next round. */
  private final Set<String> deferredEvents = new LinkedHashSet<>();
  private final Set<String> deferredAggregates = new LinkedHashSet<>();
  /** Events without a model so far (errors, or deferred): their aggregates wait or give up. */
  private final Set<String> unavailableEvents = new HashSet<>();
  /** Topics of the events read so far, with the event that has each. */
  private final Map<String, String> topics = new HashMap<>();
  /** Every aggregate and top-level event seen, for the last round's check of handlers. */
  private final Set<String> aggregateNames = new LinkedHashSet<>();
  private final Set<String> topLevelEvents = new LinkedHashSet<>();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(Names.AGGREGATE, Names.EVENT, Names.APPLY, Names.EVENT_VERSION,
        Names.SNAPSHOT_VERSION, Names.UPCAST);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(SchemaFiles.OPTION);
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
    String schemaDir = env.getOptions().get(SchemaFiles.OPTION);
    schemas = schemaDir == null || schemaDir.isBlank() ? null
        : new SchemaFiles(Path.of(schemaDir), diagnostics);
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (round.processingOver()) {
      // Whatever is still deferred refers to a type that never appeared; javac reports it.
      checkTopLevelEventsHandled();
      return false;
    }
    Map<String, EventModel> validEvents = new LinkedHashMap<>();
    List<TypeElement> eventTypes = withDeferred(annotated(round, Names.EVENT), deferredEvents);
    for (TypeElement event : eventTypes) {
      String key = event.getQualifiedName().toString();
      if (event.getEnclosingElement().getKind() == ElementKind.PACKAGE
          && event.getKind() == ElementKind.RECORD) {
        topLevelEvents.add(key);
      }
      try {
        int before = diagnostics.errorCount();
        EventModel model = events.read(event);
        if (model == null) {
          unavailableEvents.add(key);
          if (diagnostics.errorCount() == before) {
            deferredEvents.add(key); // a component's type may be generated in a later round
          }
          continue;
        }
        String clash = topics.putIfAbsent(model.topic(), model.event().canonicalName());
        if (clash != null) {
          events.reportAtTopic(event, Message.EVENT_TOPIC_DUPLICATE, model.topic(), clash);
          unavailableEvents.add(key);
          continue;
        }
        if (!claimAliases(event, model)) {
          unavailableEvents.add(key);
          continue;
        }
        unavailableEvents.remove(key);
        validEvents.put(key, model);
        if (schemas != null) {
          schemas.checkEvent(event, model.topic(), versions(event, model.version()));
        }
      } catch (RuntimeException e) {
        diagnostics.internalError(event, e);
      }
    }

    checkApplyMethodsAreInAggregates(round);
    checkVersionsArePlaced(round);
    List<TypeElement> aggregateTypes =
        withDeferred(annotated(round, Names.AGGREGATE), deferredAggregates);
    for (TypeElement aggregate : aggregateTypes) {
      aggregateNames.add(aggregate.getQualifiedName().toString());
      try {
        int before = diagnostics.errorCount();
        AggregateModel model = aggregates.read(aggregate, validEvents, unavailableEvents);
        if (model == null && diagnostics.errorCount() == before) {
          // It refers to a type, or applies an event, that is not there yet: try next round.
          deferredAggregates.add(aggregate.getQualifiedName().toString());
        }
        if (model != null && schemas != null && model.snapshotInterval() >= 0) {
          schemas.checkSnapshot(aggregate, model.topic(), model.version(),
              aggregates.snapshotFields(aggregate));
        }
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
    for (TypeElement event : eventTypes) {
      EventModel model = validEvents.get(event.getQualifiedName().toString());
      if (model != null) {
        writer.write(model.codec(), new CodecGenerator().generate(model), model.origin(), event);
      }
    }
    return false;
  }

  /**
   * {@code fresh} and then the types named in {@code deferred} (which is emptied: what is still
   * not ready is deferred again). Deferral keeps names, since elements do not outlive a round.
   */
  private List<TypeElement> withDeferred(List<TypeElement> fresh, Set<String> deferred) {
    Set<TypeElement> all = new LinkedHashSet<>(fresh);
    for (String name : deferred) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type != null) {
        all.add(type);
      }
    }
    deferred.clear();
    return List.copyOf(all);
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

  /** The records of each version of a valid {@code event}, the event itself as the current. */
  private static Map<Integer, TypeElement> versions(TypeElement event, int current) {
    Map<Integer, TypeElement> versions = new TreeMap<>();
    for (TypeElement nested : ElementFilter.typesIn(event.getEnclosedElements())) {
      if (nested.getKind() == ElementKind.RECORD && Annotations.has(nested, Names.EVENT_VERSION)) {
        versions.put((Integer) Annotations.value(nested, Names.EVENT_VERSION, "value"), nested);
      }
    }
    versions.put(current, event);
    return versions;
  }

  /** Claims the aliases of {@code model} as its topics; reports and returns false on a clash. */
  private boolean claimAliases(TypeElement event, EventModel model) {
    boolean claimed = true;
    for (String alias : model.aliases()) {
      String clash = topics.putIfAbsent(alias, model.event().canonicalName());
      if (clash != null) {
        diagnostics.error(event, Annotations.find(event, Names.EVENT),
            Annotations.annotationValue(event, Names.EVENT, "aliases"),
            Message.EVENT_TOPIC_DUPLICATE, alias, clash);
        claimed = false;
      }
    }
    return claimed;
  }

  /**
   * {@code @EventVersion} records belong to an {@code @Event} record, {@code @SnapshotVersion}
   * records to an {@code @Aggregate} class, and {@code @Upcast} methods to either or to one of
   * their old shapes; the validators check the ones that do, and this reports the ones that stray.
   */
  private void checkVersionsArePlaced(RoundEnvironment round) {
    checkShapesArePlaced(round, Names.EVENT_VERSION, Names.EVENT, "an @Event record",
        Message.EVENT_VERSION_MISPLACED);
    checkShapesArePlaced(round, Names.SNAPSHOT_VERSION, Names.AGGREGATE, "an @Aggregate class",
        Message.SNAPSHOT_VERSION_MISPLACED);
    TypeElement upcast = processingEnv.getElementUtils().getTypeElement(Names.UPCAST);
    if (upcast == null) {
      return;
    }
    for (ExecutableElement method
        : ElementFilter.methodsIn(round.getElementsAnnotatedWith(upcast))) {
      Element owner = method.getEnclosingElement();
      if (!ownsUpcasters(owner, Names.EVENT, Names.EVENT_VERSION)
          && !ownsUpcasters(owner, Names.AGGREGATE, Names.SNAPSHOT_VERSION)) {
        diagnostics.error(method, Message.UPCAST_MISPLACED, method.getSimpleName(),
            owner.getSimpleName());
      }
    }
  }

  /** Whether {@code owner} is annotated {@code type}, or is a {@code shape} record nested in one. */
  private static boolean ownsUpcasters(Element owner, String type, String shape) {
    return Annotations.has(owner, type)
        || (Annotations.has(owner, shape) && owner.getKind() == ElementKind.RECORD
            && Annotations.has(owner.getEnclosingElement(), type));
  }

  private void checkShapesArePlaced(RoundEnvironment round, String shapeAnnotation,
      String ownerAnnotation, String ownerDescription, Message misplaced) {
    TypeElement annotation = processingEnv.getElementUtils().getTypeElement(shapeAnnotation);
    if (annotation == null) {
      return;
    }
    for (Element shape : round.getElementsAnnotatedWith(annotation)) {
      Element owner = shape.getEnclosingElement();
      if (shape.getKind() != ElementKind.RECORD) {
        diagnostics.error(shape, misplaced, shape.getSimpleName(), "not a record");
      } else if (!Annotations.has(owner, ownerAnnotation)) {
        diagnostics.error(shape, misplaced, shape.getSimpleName(),
            owner.getKind() == ElementKind.PACKAGE ? "top-level"
                : "nested in " + owner.getSimpleName() + ", which is not " + ownerDescription);
      }
    }
  }

  /**
   * A top-level event must be applied by some aggregate. Checked once all rounds are done, since
   * the aggregate may come from a later round than the event.
   */
  private void checkTopLevelEventsHandled() {
    Elements elements = processingEnv.getElementUtils();
    Types types = processingEnv.getTypeUtils();
    for (String name : topLevelEvents) {
      TypeElement event = elements.getTypeElement(name);
      if (event == null) {
        continue;
      }
      boolean handled = false;
      for (String aggregateName : aggregateNames) {
        TypeElement aggregate = elements.getTypeElement(aggregateName);
        if (aggregate == null) {
          continue;
        }
        for (ExecutableElement method : ElementFilter.methodsIn(aggregate.getEnclosedElements())) {
          if (AggregateValidator.isApplyFor(method, event, types)) {
            handled = true;
          }
        }
      }
      if (!handled) {
        diagnostics.error(event, Message.EVENT_WITHOUT_HANDLER, event.getSimpleName(),
            "any @Aggregate of package " + elements.getPackageOf(event).getQualifiedName(),
            event.getSimpleName());
      }
    }
  }
}
