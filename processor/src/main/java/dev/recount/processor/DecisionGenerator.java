package dev.recount.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.recount.processor.Models.DecisionHandler;
import dev.recount.processor.Models.DecisionModelModel;
import dev.recount.processor.Models.TagModel;
import javax.lang.model.element.Modifier;

/**
 * Generates {@code <Model>_Decision}: the query of a decision model, one item per {@code @Apply}
 * method (its event's generated query, with the model's tag fields), and the dispatch of each event
 * read to its {@code @Apply} method. A service provider, so that {@code Decision} finds it by the
 * model's class.
 */
final class DecisionGenerator implements Generator<DecisionModelModel> {
  @Override
  public ClassName name(DecisionModelModel model) {
    return model.decision();
  }

  @Override
  public TypeSpec.Builder generate(DecisionModelModel model) {
    ClassName self = model.decision();
    CodeBlock.Builder query = CodeBlock.builder();
    CodeBlock.Builder apply = CodeBlock.builder();
    NameAllocator names = new NameAllocator();
    names.newName("model", "model");
    names.newName("event", "event");
    for (int i = 0; i < model.handlers().size(); i++) {
      DecisionHandler handler = model.handlers().get(i);
      if (i == 0) {
        query.add("$L", item(handler, model));
      } else {
        query.add("\n.$L($L)", RuntimeMethod.QUERY_OR.method(), item(handler, model));
      }
      String local =
          names.newName(MutatorGenerator.decapitalize(handler.event().simpleName()), handler);
      if (i == 0) {
        apply.beginControlFlow("if (event instanceof $T $L)", handler.event(), local);
      } else {
        apply.nextControlFlow("else if (event instanceof $T $L)", handler.event(), local);
      }
      apply.addStatement("model.$L($L)", handler.method(), local);
    }
    apply
        .nextControlFlow("else")
        .addStatement(
            "throw new $T($Z$S$W+ event.getClass().getName())",
            IllegalArgumentException.class,
            "not an event of decision model " + model.model().canonicalName() + ": ")
        .endControlFlow();
    return TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(ParameterizedTypeName.get(Names.DECISION_MAPPING, model.model()))
        .addJavadoc(
            "The query of {@link $T} and the dispatch of its events to its {@code @Apply}"
                + " methods.\n\n",
            model.model())
        .addJavadoc("<p>Generated from {@link $T}; do not edit.\n", model.model())
        .addMethod(MethodSpec.constructorBuilder()
            .addJavadoc("For the service loader, which finds this class through"
                + " {@code META-INF/services}.\n")
            .addModifiers(Modifier.PUBLIC)
            .build())
        .addMethod(MutatorGenerator.override(
                RuntimeMethod.DECISION_MODEL_CLASS,
                ParameterizedTypeName.get(ClassName.get(Class.class), model.model()))
            .addStatement("return $T.class", model.model())
            .build())
        .addMethod(MutatorGenerator.override(RuntimeMethod.DECISION_QUERY, Names.EVENT_QUERY)
            .addParameter(model.model(), "model")
            .addStatement("return $L", query.build())
            .build())
        .addMethod(MutatorGenerator.override(RuntimeMethod.DECISION_APPLY, TypeName.VOID)
            .addParameter(model.model(), "model")
            .addParameter(Object.class, "event")
            .addCode(apply.build())
            .build());
  }

  /** {@code EventQuery.tag(model.tag).andOther(model.other)}, or {@code all()} without tags. */
  private static CodeBlock item(DecisionHandler handler, DecisionModelModel model) {
    if (model.tags().isEmpty()) {
      return CodeBlock.of("$T.all()", handler.query());
    }
    CodeBlock.Builder item = CodeBlock.builder();
    for (int i = 0; i < model.tags().size(); i++) {
      TagModel tag = model.tags().get(i);
      if (i == 0) {
        item.add("$T.$L(model.$L)", handler.query(), tag.name(), tag.element());
      } else {
        item.add(".$L(model.$L)", QueryGenerator.and(tag), tag.element());
      }
    }
    return item.build();
  }
}
