package dev.recount.processor;

import com.google.auto.service.AutoService;
import dev.recount.processor.Models.AggregateModel;
import dev.recount.processor.Models.EventModel;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Validates {@code @Aggregate}, {@code @Event} and {@code @Apply} elements and generates, per
 * event, its codec and, per aggregate, its mutator, event mapping, snapshot mapping and repository.
 * Isolating: every generated file comes from one top-level source type. This class only
 * orchestrates: the validators check and read the elements, the generators write the code.
 */
@AutoService(Processor.class)
public final class RecountProcessor extends AbstractProcessor {
  /** The generators of each event's types. */
  private static final List<Generator<EventModel>> EVENT_GENERATORS = List.of(new CodecGenerator());
  /**
   * The generators of each aggregate's types, in order: writing stops at the first type not
   * written, since the others share its name's stem, and its error.
   */
  private static final List<Generator<AggregateModel>> AGGREGATE_GENERATORS = List.of(
      new MutatorGenerator(),
      new EventsGenerator(),
      new SnapshotGenerator(),
      new RepositoryGenerator(),
      new TopicsGenerator());

  private Diagnostics diagnostics;
  private SourceWriter writer;
  private EventValidator events;
  private TopicValidator topics;
  private AggregateValidator aggregates;
  private PlacementValidator placement;
  private HandlerValidator handlers;
  private DcbGenerators decisions;
  private ProjectionGenerators projections;
  /** The schema check, if the {@code recount.schemaDir} option names a directory. */
  private SchemaFiles schemas;
  /** The check of {@code trigger} arguments, after analysis; {@code null} outside javac. */
  private TriggerChecker triggers;

  // State kept across rounds, by qualified name: elements do not outlive their round.
  /** Events and aggregates that referred to types not yet generated, to try again next round. */
  private final Set<String> deferredEvents = new LinkedHashSet<>();

  private final Set<String> deferredAggregates = new LinkedHashSet<>();
  /** Events without a model so far (errors, or deferred): their aggregates wait or give up. */
  private final Set<String> unavailableEvents = new HashSet<>();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(
        Names.AGGREGATE,
        Names.EVENT,
        Names.APPLY,
        Names.EVENT_VERSION,
        Names.SNAPSHOT_VERSION,
        Names.UPCAST,
        Names.TAG,
        Names.DECISION_MODEL,
        Names.PROJECTION,
        Names.HANDLES);
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
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    diagnostics = new Diagnostics(env.getMessager());
    writer = new SourceWriter(env.getFiler(), env.getElementUtils(), diagnostics);
    events = new EventValidator(diagnostics);
    topics = new TopicValidator(diagnostics);
    aggregates = new AggregateValidator(diagnostics, env.getElementUtils(), env.getTypeUtils());
    placement = new PlacementValidator(diagnostics, env.getElementUtils());
    handlers = new HandlerValidator(diagnostics, env.getElementUtils(), env.getTypeUtils());
    decisions = new DcbGenerators(diagnostics, env.getElementUtils(), env.getTypeUtils());
    projections = new ProjectionGenerators(diagnostics, env.getElementUtils());
    String schemaDir = env.getOptions().get(SchemaFiles.OPTION);
    schemas = schemaDir == null || schemaDir.isBlank()
        ? null
        : new SchemaFiles(Path.of(schemaDir), diagnostics);
    triggers = TriggerChecker.listenTo(env, diagnostics);
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (round.processingOver()) {
      // Whatever is still deferred refers to a type that never appeared; javac reports it.
      handlers.checkTopLevelEventsHandled();
      if (schemas != null && diagnostics.errorCount() == 0) {
        schemas.checkOrphans(topics, processingEnv);
      }
      return false;
    }
    List<TypeElement> eventTypes = withDeferred(annotated(round, Names.EVENT), deferredEvents);
    Map<String, EventModel> validEvents = new LinkedHashMap<>();
    for (TypeElement event : eventTypes) {
      handlers.event(event);
      try {
        EventModel model = validate(event, readEvent(event), deferredEvents);
        String key = event.getQualifiedName().toString();
        if (model == null) {
          unavailableEvents.add(key);
          continue;
        }
        unavailableEvents.remove(key);
        validEvents.put(key, model);
        if (schemas != null) {
          schemas.checkEvent(event, model.topic(), EventValidator.versions(event, model.version()));
        }
      } catch (RuntimeException e) {
        diagnostics.internalError(event, e);
      }
    }

    placement.check(round).forEach(handlers::aggregate);
    for (TypeElement aggregate :
        withDeferred(annotated(round, Names.AGGREGATE), deferredAggregates)) {
      handlers.aggregate(aggregate);
      try {
        AggregateModel model = validate(
            aggregate,
            aggregates.read(aggregate, validEvents, unavailableEvents),
            deferredAggregates);
        if (model == null) {
          continue;
        }
        if (schemas != null && model.snapshotInterval() >= 0) {
          schemas.checkSnapshot(
              aggregate, model.topic(), model.version(), aggregates.snapshotFields(aggregate));
        }
        generate(AGGREGATE_GENERATORS, model, model.origin(), aggregate);
        if (triggers != null) {
          triggers.aggregate(model);
        }
      } catch (RuntimeException e) {
        diagnostics.internalError(aggregate, e);
      }
    }
    for (TypeElement event : eventTypes) {
      EventModel model = validEvents.get(event.getQualifiedName().toString());
      if (model != null) {
        generate(DcbGenerators.forEvent(EVENT_GENERATORS, model), model, model.origin(), event);
      }
    }
    decisions.process(round, writer);
    projections.process(round, writer);
    return false;
  }

  /** Reads {@code event} and, if it is valid, claims its topics. */
  private Validation<EventModel> readEvent(TypeElement event) {
    Validation<EventModel> read = events.read(event);
    return read instanceof Validation.Valid<EventModel> valid
        ? topics.claim(event, valid.model())
        : read;
  }

  /**
   * The model of a valid element, or {@code null}: an invalid element's errors are reported, and
   * one not ready is added to {@code deferred}, to be read again next round.
   */
  private static <M> M validate(
      TypeElement element, Validation<M> validation, Set<String> deferred) {
    if (validation instanceof Validation.Valid<M> valid) {
      return valid.model();
    }
    if (validation instanceof Validation.NotReady<M>) {
      deferred.add(element.getQualifiedName().toString());
    }
    return null;
  }

  /** Writes the type of each generator in turn, and stops at the first that is not written. */
  private <M> void generate(
      List<Generator<M>> generators, M model, TypeElement origin, TypeElement source) {
    for (Generator<M> generator : generators) {
      if (!writer.write(generator.name(model), generator.generate(model), origin, source)) {
        return;
      }
    }
  }

  /**
   * {@code fresh} and then the types named in {@code deferred} (which is emptied: what is still not
   * ready is deferred again). Deferral keeps names, since elements do not outlive a round.
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
}
