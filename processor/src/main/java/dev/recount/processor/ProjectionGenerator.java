package dev.recount.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.recount.processor.Models.ProjectionHandler;
import dev.recount.processor.Models.ProjectionModel;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Generates {@code <Projection>_Projection}: the projection's name, the topics its handlers take
 * (each event's codec topic and its aliases), and the dispatch of each event to its
 * {@code @Handles} method. A service provider, so that the runner finds it by the projection's
 * class.
 */
final class ProjectionGenerator implements Generator<ProjectionModel> {
  private static final ClassName CONTEXT = ClassName.bestGuess(Names.PROJECTION_CONTEXT);

  @Override
  public ClassName name(ProjectionModel model) {
    return model.mapping();
  }

  @Override
  public TypeSpec.Builder generate(ProjectionModel model) {
    CodeBlock.Builder topics = CodeBlock.builder();
    CodeBlock.Builder handle = CodeBlock.builder();
    NameAllocator names = new NameAllocator();
    names.newName("projection", "projection");
    names.newName("event", "event");
    names.newName("context", "context");
    boolean first = true;
    for (ProjectionHandler handler : model.handlers()) {
      topics.add(first ? "$Z$T.TOPIC" : ",$W$T.TOPIC", handler.codec());
      for (String alias : handler.aliases()) {
        topics.add(",$W$S", alias);
      }
      String local =
          names.newName(MutatorGenerator.decapitalize(handler.event().simpleName()), handler);
      if (first) {
        handle.beginControlFlow("if (event instanceof $T $L)", handler.event(), local);
      } else {
        handle.nextControlFlow("else if (event instanceof $T $L)", handler.event(), local);
      }
      if (handler.context()) {
        handle.addStatement("projection.$L($L, context)", handler.method(), local);
      } else {
        handle.addStatement("projection.$L($L)", handler.method(), local);
      }
      handle.addStatement("return true");
      first = false;
    }
    handle.endControlFlow().addStatement("return false");
    TypeName topicSet = ParameterizedTypeName.get(Set.class, String.class);
    return TypeSpec.classBuilder(model.mapping())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(ParameterizedTypeName.get(Names.PROJECTION_MAPPING, model.projection()))
        .addJavadoc(
            "The name and topics of {@link $T} and the dispatch of its events\nto its"
                + " {@code @Handles} methods.\n\n",
            model.projection())
        .addJavadoc("<p>Generated from {@link $T}; do not edit.\n", model.projection())
        .addField(FieldSpec.builder(topicSet, "TOPICS", Modifier.PRIVATE, Modifier.STATIC)
            .addModifiers(Modifier.FINAL)
            .initializer("$T.of($L)", Set.class, topics.build())
            .build())
        .addMethod(MethodSpec.constructorBuilder()
            .addJavadoc("For the service loader, which finds this class through"
                + " {@code META-INF/services}.\n")
            .addModifiers(Modifier.PUBLIC)
            .build())
        .addMethod(MutatorGenerator.override(
                RuntimeMethod.PROJECTION_CLASS,
                ParameterizedTypeName.get(ClassName.get(Class.class), model.projection()))
            .addStatement("return $T.class", model.projection())
            .build())
        .addMethod(
            MutatorGenerator.override(RuntimeMethod.PROJECTION_NAME, ClassName.get(String.class))
                .addStatement("return $S", model.name())
                .build())
        .addMethod(MutatorGenerator.override(RuntimeMethod.PROJECTION_TOPICS, topicSet)
            .addStatement("return TOPICS")
            .build())
        .addMethod(MutatorGenerator.override(RuntimeMethod.PROJECTION_HANDLE, TypeName.BOOLEAN)
            .addParameter(model.projection(), "projection")
            .addParameter(Object.class, "event")
            .addParameter(CONTEXT, "context")
            .addException(Exception.class)
            .addCode(handle.build())
            .build());
  }
}
