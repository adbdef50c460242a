package dev.recount.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import dev.recount.processor.Models.EventModel;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Generates {@code <Event>_DcbEvents} for a standalone event: its class, topics, codec and tags, as
 * the runtime's {@code DcbEvents}, registered as a service provider so that the store writes and
 * reads the event without an aggregate. The runtime's registry finds it by class and by topic.
 */
final class DcbEventsGenerator implements Generator<EventModel> {
  @Override
  public ClassName name(EventModel model) {
    return model.dcbEvents();
  }

  @Override
  public TypeSpec.Builder generate(EventModel model) {
    ClassName self = model.dcbEvents();
    ClassName event = model.event();
    ClassName codec = model.codec();
    TypeName strings = ParameterizedTypeName.get(Set.class, String.class);
    TypeName classes = ParameterizedTypeName.get(
        ClassName.get(Set.class),
        ParameterizedTypeName.get(
            ClassName.get(Class.class), WildcardTypeName.subtypeOf(Object.class)));
    CodeBlock.Builder topics = CodeBlock.builder().add("$T.TOPIC", codec);
    CodeBlock.Builder read = CodeBlock.builder().beginControlFlow("switch (topic)");
    for (String alias : model.aliases()) {
      topics.add(",$W$S", alias);
      read.add("case $S: // an alias\n", alias);
    }
    read.add("case $T.TOPIC:\n", codec)
        .indent()
        .addStatement("return $T.INSTANCE.$L(json)", codec, RuntimeMethod.CODEC_READ.method())
        .unindent()
        .add("default:\n")
        .indent()
        .addStatement(
            "throw new $T($S,$Wtopic)",
            RuntimeMethod.UNKNOWN_TOPIC_NEW.owner(),
            "standalone " + event.canonicalName())
        .unindent()
        .endControlFlow();
    CodeBlock notOurs = CodeBlock.of(
        "throw new $T($Z$S$W+ event.getClass().getName())",
        IllegalArgumentException.class,
        "not a " + event.canonicalName() + ": ");
    return TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(Names.DCB_EVENTS)
        .addJavadoc("How {@link $T} events are stored without an aggregate.\n\n", event)
        .addJavadoc("<p>Generated from {@link $T}; do not edit.\n", event)
        .addField(
            FieldSpec.builder(strings, "TOPICS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$Z$T.of($L)", Set.class, topics.build())
                .build())
        .addMethod(MethodSpec.constructorBuilder()
            .addJavadoc("For the service loader, which finds this class through"
                + " {@code META-INF/services}.\n")
            .addModifiers(Modifier.PUBLIC)
            .build())
        .addMethod(MutatorGenerator.override(RuntimeMethod.DCB_EVENT_CLASSES, classes)
            .addStatement("return $T.of($T.class)", Set.class, event)
            .build())
        .addMethod(MutatorGenerator.override(RuntimeMethod.MAPPING_TOPICS, strings)
            .addStatement("return TOPICS")
            .build())
        .addMethod(
            MutatorGenerator.override(RuntimeMethod.MAPPING_TOPIC_OF, ClassName.get(String.class))
                .addParameter(Object.class, "event")
                .beginControlFlow("if (event instanceof $T)", event)
                .addStatement("return $T.TOPIC", codec)
                .endControlFlow()
                .addStatement(notOurs)
                .build())
        .addMethod(MutatorGenerator.override(RuntimeMethod.MAPPING_WRITE, TypeName.VOID)
            .addParameter(Object.class, "event")
            .addParameter(Names.JSON_GENERATOR, "json")
            .addException(Names.IO_EXCEPTION)
            .beginControlFlow("if (event instanceof $T record)", event)
            .addStatement("$T.INSTANCE.$L(record, json)", codec, RuntimeMethod.CODEC_WRITE.method())
            .addStatement("return")
            .endControlFlow()
            .addStatement(notOurs)
            .build())
        .addMethod(
            MutatorGenerator.override(RuntimeMethod.MAPPING_READ, ClassName.get(Object.class))
                .addParameter(String.class, "topic")
                .addParameter(Names.JSON_PARSER, "json")
                .addException(Names.IO_EXCEPTION)
                .addCode(read.build())
                .build())
        .addMethod(MutatorGenerator.override(RuntimeMethod.MAPPING_TAGS_OF, strings)
            .addParameter(Object.class, "event")
            .beginControlFlow("if (event instanceof $T record)", event)
            .addStatement("return $T.INSTANCE.$L(record)", codec, RuntimeMethod.CODEC_TAGS.method())
            .endControlFlow()
            .addStatement(notOurs)
            .build());
  }
}
