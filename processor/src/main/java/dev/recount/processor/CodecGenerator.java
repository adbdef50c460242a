package dev.recount.processor;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.recount.processor.Models.EventModel;
import dev.recount.processor.ValueTypes.RecordHelper;
import javax.lang.model.element.Modifier;

/** Generates {@code <Event>_Codec}: one event record to and from JSON, with Jackson's streaming API. */
final class CodecGenerator {
  TypeSpec.Builder generate(EventModel model) {
    String simple = String.join(".", model.event().simpleNames());
    TypeSpec.Builder type = TypeSpec.classBuilder(model.codec())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(ParameterizedTypeName.get(Names.EVENT_CODEC, model.event()))
        .addJavadoc("Writes {@link $T} events as JSON and reads them back.\n\n", model.event())
        .addJavadoc("<p>Generated from {@link $T}; do not edit.\n", model.event())
        .addField(FieldSpec.builder(model.codec(), "INSTANCE",
                Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("The only instance; the codec has no state.\n")
            .initializer("new $T()", model.codec())
            .build())
        .addField(FieldSpec.builder(String.class, "TOPIC",
                Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("The topic stored with every {@code $L} event.\n", simple)
            .initializer("$S", model.topic())
            .build())
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .addMethod(MethodSpec.methodBuilder("topic")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(String.class)
            .addStatement("return TOPIC")
            .build())
        .addMethod(MethodSpec.methodBuilder("write")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(model.event(), "event")
            .addParameter(Names.JSON_GENERATOR, "json")
            .addException(Names.IO_EXCEPTION)
            .addCode(JsonObjects.writeObject(model.components(), "event"))
            .build())
        .addMethod(MethodSpec.methodBuilder("read")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(model.event())
            .addParameter(Names.JSON_PARSER, "json")
            .addException(Names.IO_EXCEPTION)
            .addCode(JsonObjects.readObject(model.components(), model.event(),
                CodeBlock.of("$S", "event " + model.topic())))
            .build());
    for (RecordHelper record : model.records()) {
      type.addMethods(JsonObjects.helpers(record));
    }
    return type;
  }
}
