package dev.recount.processor;

import dev.recount.processor.Models.ProjectionModel;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The {@code @Projection} part of a round: {@code @Handles} methods outside a projection, and the
 * validation and generation of each projection's mapping. Kept out of {@link RecountProcessor} so
 * that it only orchestrates.
 */
final class ProjectionGenerators {
  private static final Generator<ProjectionModel> MAPPING = new ProjectionGenerator();

  private final Diagnostics diagnostics;
  private final Elements elements;
  private final ProjectionValidator validator;
  /** Projections that referred to types not generated yet, by name, to try next round. */
  private final Set<String> deferred = new LinkedHashSet<>();

  ProjectionGenerators(Diagnostics diagnostics, Elements elements) {
    this.diagnostics = diagnostics;
    this.elements = elements;
    this.validator = new ProjectionValidator(diagnostics);
  }

  /** Validates the projections of {@code round} (and those deferred) and writes their mappings. */
  void process(RoundEnvironment round, SourceWriter writer) {
    TypeElement handles = elements.getTypeElement(Names.HANDLES);
    if (handles != null) {
      for (ExecutableElement method :
          ElementFilter.methodsIn(round.getElementsAnnotatedWith(handles))) {
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        if (!Annotations.has(owner, Names.PROJECTION)) {
          diagnostics.error(
              method,
              Message.HANDLES_OUTSIDE_PROJECTION,
              method.getSimpleName(),
              owner.getSimpleName());
        }
      }
    }
    Set<TypeElement> projections = new LinkedHashSet<>();
    TypeElement annotation = elements.getTypeElement(Names.PROJECTION);
    if (annotation != null) {
      projections.addAll(ElementFilter.typesIn(round.getElementsAnnotatedWith(annotation)));
    }
    for (String name : deferred) {
      TypeElement type = elements.getTypeElement(name);
      if (type != null) {
        projections.add(type);
      }
    }
    deferred.clear();
    for (TypeElement projection : projections) {
      try {
        Validation<ProjectionModel> read = validator.read(projection);
        if (read instanceof Validation.Valid<ProjectionModel> valid) {
          writer.write(
              MAPPING.name(valid.model()),
              MAPPING.generate(valid.model()),
              valid.model().origin(),
              projection);
        } else if (read instanceof Validation.NotReady<ProjectionModel>) {
          deferred.add(projection.getQualifiedName().toString());
        }
      } catch (RuntimeException e) {
        diagnostics.internalError(projection, e);
      }
    }
  }
}
