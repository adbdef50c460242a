package dev.recount.processor;

import com.google.auto.service.AutoService;
import java.io.IOException;
import java.io.Writer;
import java.util.Set;
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
 * the mutator of a new aggregate without reflection. Kept apart from {@link RecountProcessor}
 * because it aggregates over all aggregates, while that one is isolating.
 */
@AutoService(Processor.class)
public final class MutatorRegistryProcessor extends AbstractProcessor {
  private static final String SERVICE_FILE = "META-INF/services/dev.recount.internal.Mutator";

  private final Set<String> mutators = new TreeSet<>();
  private Diagnostics diagnostics;

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    diagnostics = new Diagnostics(env.getMessager());
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(Names.AGGREGATE);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement aggregate = processingEnv.getElementUtils().getTypeElement(Names.AGGREGATE);
    if (aggregate != null) {
      for (TypeElement type : ElementFilter.typesIn(round.getElementsAnnotatedWith(aggregate))) {
        mutators.add(GeneratedNames.sibling(com.palantir.javapoet.ClassName.get(type), "_Mutator")
            .reflectionName());
      }
    }
    if (round.processingOver() && !mutators.isEmpty() && !round.errorRaised()) {
      write();
    }
    return false;
  }

  private void write() {
    try {
      FileObject file =
          processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", SERVICE_FILE);
      try (Writer out = file.openWriter()) {
        for (String mutator : mutators) {
          out.write(mutator);
          out.write('\n');
        }
      }
    } catch (IOException e) {
      diagnostics.error(Message.COULD_NOT_WRITE, SERVICE_FILE, e.getMessage());
    }
  }
}
