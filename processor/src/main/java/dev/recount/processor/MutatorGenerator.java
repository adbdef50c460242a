package dev.recount.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.recount.processor.Models.AggregateModel;
import dev.recount.processor.Models.Handler;
import java.util.Locale;
import java.util.Objects;
import javax.lang.model.element.Modifier;

/**
 * Generates {@code <Aggregate>_Mutator}: creates empty instances and applies each event by calling
 * its {@code @Apply} method directly. Public, because {@code ServiceLoader} instantiates it.
 */
final class MutatorGenerator implements Generator<AggregateModel> {
  @Override
  public ClassName name(AggregateModel model) {
    return model.mutator();
  }

  @Override
  public TypeSpec.Builder generate(AggregateModel model) {
    ClassName aggregate = model.aggregate();
    CodeBlock.Builder dispatch = CodeBlock.builder();
    NameAllocator names = new NameAllocator();
    names.newName("aggregate", "aggregate");
    names.newName("event", "event");
    boolean first = true;
    for (Handler handler : model.handlers()) {
      String local = names.newName(decapitalize(handler.event().simpleName()), handler);
      String test = "event instanceof $T $L";
      if (first) {
        dispatch.beginControlFlow("if (" + test + ")", handler.event(), local);
        first = false;
      } else {
        dispatch.nextControlFlow("else if (" + test + ")", handler.event(), local);
      }
      for (String optional : handler.optionals()) {
        // Stored and replayed, a null Optional would come back as Optional.empty(): refused here,
        // when triggered, so that the live aggregate never holds what replay would not restore.
        dispatch.addStatement(
            "$T.requireNonNull($L.$L(),$W$S)",
            Objects.class,
            local,
            optional,
            String.join(".", handler.event().simpleNames()) + "." + optional
                + " is a null Optional: use Optional.empty()");
      }
      dispatch.addStatement("aggregate.$L($L)", handler.method(), local);
    }
    CodeBlock unknown = CodeBlock.of(
        "throw new $T($Z$S$W+ event.getClass().getName())",
        IllegalArgumentException.class,
        aggregate.simpleName() + " has no @Apply method for ");
    if (first) {
      dispatch.addStatement(unknown);
    } else {
      dispatch.nextControlFlow("else").addStatement(unknown).endControlFlow();
    }

    return TypeSpec.classBuilder(model.mutator())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(ParameterizedTypeName.get(Names.MUTATOR, aggregate))
        .addJavadoc(
            "Creates {@link $T} aggregates and applies their events by calling\n"
                + "their {@code @Apply} methods.\n\n",
            aggregate)
        .addJavadoc(
            "<p>Generated from {@link $T}; do not edit. Registered as a service\n"
                + "provider, so that new aggregates find it without reflection.\n",
            aggregate)
        .addField(FieldSpec.builder(
                model.mutator(), "INSTANCE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("The instance the generated repository uses; the mutator has no state.\n")
            .initializer("$Znew $T()", model.mutator())
            .build())
        .addMethod(MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc("For {@link java.util.ServiceLoader}; other code uses {@link #INSTANCE}.\n")
            .build())
        .addMethod(override(
                RuntimeMethod.MUTATOR_AGGREGATE_CLASS,
                ParameterizedTypeName.get(ClassName.get(Class.class), aggregate))
            .addStatement("return $T.class", aggregate)
            .build())
        .addMethod(override(RuntimeMethod.MUTATOR_TOPIC, ClassName.get(String.class))
            .addStatement("return $S", model.topic())
            .build())
        .addMethod(override(RuntimeMethod.MUTATOR_SNAPSHOT_INTERVAL, TypeName.INT)
            .addStatement("return $L", model.snapshotInterval())
            .build())
        .addMethod(override(RuntimeMethod.MUTATOR_NEW_INSTANCE, aggregate)
            .addStatement("return new $T()", aggregate)
            .build())
        .addMethod(override(RuntimeMethod.MUTATOR_APPLY, TypeName.VOID)
            .addParameter(aggregate, "aggregate")
            .addParameter(Object.class, "event")
            .addCode(dispatch.build())
            .build())
        .addMethod(override(RuntimeMethod.MUTATOR_EVENTS, Names.EVENT_MAPPING)
            .addStatement("return $T.INSTANCE", model.events())
            .build())
        .addMethod(override(
                RuntimeMethod.MUTATOR_SNAPSHOTS,
                ParameterizedTypeName.get(Names.SNAPSHOT_MAPPING, aggregate))
            .addStatement("return $T.INSTANCE", model.snapshot())
            .build())
        .addMethod(override(
                RuntimeMethod.MUTATOR_REPOSITORY_CLASS,
                ParameterizedTypeName.get(ClassName.get(Class.class), model.repository()))
            .addStatement("return $T.class", model.repository())
            .build())
        .addMethod(override(RuntimeMethod.MUTATOR_NEW_REPOSITORY, model.repository())
            .addParameter(Names.APPLICATION, "application")
            .addStatement("return $T.of(application)", model.repository())
            .build());
  }

  /** An implementation of the runtime interface method {@code method}. */
  static MethodSpec.Builder override(RuntimeMethod method, TypeName returns) {
    return MethodSpec.methodBuilder(method.method())
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(returns);
  }

  static String decapitalize(String name) {
    return name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
  }
}
