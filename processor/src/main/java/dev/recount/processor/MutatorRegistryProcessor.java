package dev.recount.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Registers every generated mutator of the compilation in
 * {@code META-INF/services/dev.recount.internal.Mutator}, which is how {@code AggregateRoot} finds
 * the mutator of a new aggregate without reflection; likewise the mappings of standalone events
 * ({@code DcbEvents}), of decision models ({@code DecisionMapping}) and of projections
 * ({@code ProjectionMapping}). Kept apart from {@link RecountProcessor} because it aggregates over
 * all of them, while that one is isolating.
 */
@AutoService(Processor.class)
public final class MutatorRegistryProcessor extends AbstractProcessor {
  private static final String SERVICES = "META-INF/services/";

  /** The providers of each service file, by file name. */
  private final Map<String, Set<String>> providers = new TreeMap<>();

  private Diagnostics diagnostics;

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    diagnostics = new Diagnostics(env.getMessager());
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(Names.AGGREGATE, Names.EVENT, Names.DECISION_MODEL, Names.PROJECTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement type : annotated(round, Names.AGGREGATE)) {
      register(Names.MUTATOR, type, "_Mutator");
    }
    for (TypeElement type : annotated(round, Names.EVENT)) {
      if (EventValidator.standalone(type)) {
        register(Names.DCB_EVENTS, type, "_DcbEvents");
      }
    }
    for (TypeElement type : annotated(round, Names.DECISION_MODEL)) {
      register(Names.DECISION_MAPPING, type, "_Decision");
    }
    for (TypeElement type : annotated(round, Names.PROJECTION)) {
      register(Names.PROJECTION_MAPPING, type, "_Projection");
    }
    if (round.processingOver() && !round.errorRaised()) {
      for (Map.Entry<String, Set<String>> file : providers.entrySet()) {
        write(file.getKey(), file.getValue());
      }
    }
    return false;
  }

  private Set<TypeElement> annotated(RoundEnvironment round, String annotation) {
    TypeElement type = processingEnv.getElementUtils().getTypeElement(annotation);
    return type == null ? Set.of() : ElementFilter.typesIn(round.getElementsAnnotatedWith(type));
  }

  private void register(ClassName service, TypeElement source, String suffix) {
    providers
        .computeIfAbsent(SERVICES + service.reflectionName(), file -> new TreeSet<>())
        .add(GeneratedNames.sibling(ClassName.get(source), suffix).reflectionName());
  }

  private void write(String name, Set<String> lines) {
    try {
      FileObject file =
          processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", name);
      try (Writer out = file.openWriter()) {
        for (String line : lines) {
          out.write(line);
          out.write('\n');
        }
      }
    } catch (IOException e) {
      diagnostics.error(Message.COULD_NOT_WRITE, name, e.getMessage());
    }
  }
}
