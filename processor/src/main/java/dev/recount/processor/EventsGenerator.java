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
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Generates {@code <Aggregate>_Events}: which topic each of the aggregate's events is stored under,
 * and which codec writes and reads it. This is the part of the record mapping that differs per
 * aggregate; tables, columns and the row mapping are the runtime's, shared by all.
 */
final class EventsGenerator implements Generator<AggregateModel> {
  @Override
  public ClassName name(AggregateModel model) {
    return model.events();
  }

  @Override
  public TypeSpec.Builder generate(AggregateModel model) {
    ClassName self = model.events();
    CodeBlock.Builder topics = CodeBlock.builder();
    CodeBlock.Builder topicOf = CodeBlock.builder();
    CodeBlock.Builder write = CodeBlock.builder();
    CodeBlock.Builder tagsOf = CodeBlock.builder();
    CodeBlock.Builder read = CodeBlock.builder().beginControlFlow("switch (topic)");
    NameAllocator names = new NameAllocator();
    names.newName("event", "event");
    names.newName("json", "json");
    for (int i = 0; i < model.handlers().size(); i++) {
      Handler handler = model.handlers().get(i);
      topics.add(i == 0 ? "$T.TOPIC" : ",$W$T.TOPIC", handler.codec());
      for (String alias : handler.aliases()) {
        topics.add(",$W$S", alias);
      }
      String local =
          names.newName(MutatorGenerator.decapitalize(handler.event().simpleName()), handler);
      topicOf
          .beginControlFlow("if (event instanceof $T)", handler.event())
          .addStatement("return $T.TOPIC", handler.codec())
          .endControlFlow();
      if (i == 0) {
        write.beginControlFlow("if (event instanceof $T $L)", handler.event(), local);
      } else {
        write.nextControlFlow("else if (event instanceof $T $L)", handler.event(), local);
      }
      write.addStatement(
          "$T.INSTANCE.$L($L, json)", handler.codec(), RuntimeMethod.CODEC_WRITE.method(), local);
      if (handler.tagged()) {
        tagsOf
            .beginControlFlow("if (event instanceof $T $L)", handler.event(), local)
            .addStatement(
                "return $T.INSTANCE.$L($L)",
                handler.codec(),
                RuntimeMethod.CODEC_TAGS.method(),
                local)
            .endControlFlow();
      }
      for (String alias : handler.aliases()) {
        read.add("case $S: // an alias\n", alias);
      }
      read.add("case $T.TOPIC:\n", handler.codec())
          .indent()
          .addStatement(
              "return $T.INSTANCE.$L(json)", handler.codec(), RuntimeMethod.CODEC_READ.method())
          .unindent();
    }
    CodeBlock notOurs = CodeBlock.of(
        "throw new $T($Z$S$W+ event.getClass().getName())",
        IllegalArgumentException.class,
        "not an event of " + model.aggregate().canonicalName() + ": ");
    topicOf.addStatement(notOurs);
    if (model.handlers().isEmpty()) {
      write.addStatement(notOurs);
    } else {
      write.nextControlFlow("else").addStatement(notOurs).endControlFlow();
    }
    read.add("default:\n")
        .indent()
        .addStatement(
            "throw new $T($S,$Wtopic)",
            RuntimeMethod.UNKNOWN_TOPIC_NEW.owner(),
            model.aggregate().canonicalName())
        .unindent()
        .endControlFlow();

    TypeName topicSet = ParameterizedTypeName.get(Set.class, String.class);
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.FINAL)
        .addSuperinterface(Names.EVENT_MAPPING)
        .addJavadoc("The topics and codecs of the events of {@link $T}.\n\n", model.aggregate())
        .addJavadoc("<p>Generated from {@link $T}; do not edit.\n", model.aggregate())
        .addField(FieldSpec.builder(self, "INSTANCE", Modifier.STATIC, Modifier.FINAL)
            .initializer("$Znew $T()", self)
            .build())
        .addField(
            FieldSpec.builder(topicSet, "TOPICS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$Z$T.of($L)", Set.class, topics.build())
                .build())
        .addMethod(
            MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .addMethod(MutatorGenerator.override(RuntimeMethod.MAPPING_TOPICS, topicSet)
            .addStatement("return TOPICS")
            .build())
        .addMethod(
            MutatorGenerator.override(RuntimeMethod.MAPPING_TOPIC_OF, ClassName.get(String.class))
                .addParameter(Object.class, "event")
                .addCode(topicOf.build())
                .build())
        .addMethod(MutatorGenerator.override(RuntimeMethod.MAPPING_WRITE, TypeName.VOID)
            .addParameter(Object.class, "event")
            .addParameter(Names.JSON_GENERATOR, "json")
            .addException(Names.IO_EXCEPTION)
            .addCode(write.build())
            .build())
        .addMethod(
            MutatorGenerator.override(RuntimeMethod.MAPPING_READ, ClassName.get(Object.class))
                .addParameter(String.class, "topic")
                .addParameter(Names.JSON_PARSER, "json")
                .addException(Names.IO_EXCEPTION)
                .addCode(read.build())
                .build());
    if (!tagsOf.isEmpty()) {
      type.addMethod(MutatorGenerator.override(RuntimeMethod.MAPPING_TAGS_OF, TagCode.STRINGS)
          .addParameter(Object.class, "event")
          .addCode(tagsOf.addStatement("return $T.of()", Set.class).build())
          .build());
    }
    return type;
  }
}
