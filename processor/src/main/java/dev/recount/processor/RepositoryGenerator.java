package dev.recount.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.recount.processor.Models.AggregateModel;
import javax.lang.model.element.Modifier;

/** Generates {@code <Aggregate>Repository}, the typed repository users name in their code. */
final class RepositoryGenerator implements Generator<AggregateModel> {
  @Override
  public ClassName name(AggregateModel model) {
    return model.repository();
  }

  @Override
  public TypeSpec.Builder generate(AggregateModel model) {
    return TypeSpec.classBuilder(model.repository())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .superclass(
            ParameterizedTypeName.get(RuntimeMethod.REPOSITORY_NEW.owner(), model.aggregate()))
        .addJavadoc(
            "Loads and saves {@link $T} aggregates: {@code get}, {@code get} at a\n"
                + "version, {@code find}, {@code contains}, {@code save} and {@code events}.\n\n",
            model.aggregate())
        .addJavadoc(
            "<p>Generated from {@link $T}; do not edit. Obtain one with\n" + "{@link #of($T)}.\n",
            model.aggregate(),
            Names.APPLICATION)
        .addMethod(MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PRIVATE)
            .addParameter(Names.APPLICATION, "application")
            // Repository's constructor: RuntimeMethod.REPOSITORY_NEW
            .addStatement("super(application, $T.INSTANCE)", model.mutator())
            .build())
        .addMethod(MethodSpec.methodBuilder("of")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(model.repository())
            .addParameter(Names.APPLICATION, "application")
            .addJavadoc(
                "Returns a repository of the {@code $L} aggregates stored by\n"
                    + "{@code application}.\n",
                model.aggregate().simpleName())
            .addStatement("return new $T(application)", model.repository())
            .build());
  }
}
