package dev.recount.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.recount.processor.Models.EventModel;
import dev.recount.processor.Models.OldVersion;
import dev.recount.processor.ValueTypes.RecordHelper;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Generates {@code <Event>_Codec}: one event record to and from JSON, with Jackson's streaming API.
 */
final class CodecGenerator implements Generator<EventModel> {
  @Override
  public ClassName name(EventModel model) {
    return model.codec();
  }

  @Override
  public TypeSpec.Builder generate(EventModel model) {
    String simple = String.join(".", model.event().simpleNames());
    TypeSpec.Builder type = TypeSpec.classBuilder(model.codec())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(ParameterizedTypeName.get(Names.EVENT_CODEC, model.event()))
        .addJavadoc("Writes {@link $T} events as JSON and reads them back.\n\n", model.event())
        .addJavadoc("<p>Generated from {@link $T}; do not edit.\n", model.event())
        .addField(FieldSpec.builder(
                model.codec(), "INSTANCE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("The only instance; the codec has no state.\n")
            .initializer("$Znew $T()", model.codec())
            .build())
        .addField(FieldSpec.builder(
                String.class, "TOPIC", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("The topic stored with every {@code $L} event.\n", simple)
            .initializer("$S", model.topic())
            .build())
        .addFields(
            model.versioned()
                ? List.of(FieldSpec.builder(
                        int.class, "VERSION", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("The version of {@code $L} that events are written with.\n", simple)
                    .initializer("$L", model.version())
                    .build())
                : List.of())
        .addMethod(
            MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .addMethod(MutatorGenerator.override(RuntimeMethod.CODEC_TOPIC, ClassName.get(String.class))
            .addStatement("return TOPIC")
            .build())
        .addMethod(MutatorGenerator.override(RuntimeMethod.CODEC_WRITE, TypeName.VOID)
            .addParameter(model.event(), "event")
            .addParameter(Names.JSON_GENERATOR, "json")
            .addException(Names.IO_EXCEPTION)
            .addCode(JsonObjects.writeObject(
                model.components(),
                "event",
                model.versioned()
                    ? CodeBlock.builder()
                        .addStatement(RuntimeMethod.WRITE_VERSION.call("json, VERSION"))
                        .build()
                    : CodeBlock.of("")))
            .build());
    CodeBlock what = CodeBlock.of("$S", "event " + model.topic());
    MethodSpec.Builder read = MutatorGenerator.override(RuntimeMethod.CODEC_READ, model.event())
        .addParameter(Names.JSON_PARSER, "json")
        .addException(Names.IO_EXCEPTION);
    if (!model.versioned()) {
      type.addMethod(read.addCode(JsonObjects.readObject(model.components(), model.event(), what))
          .build());
    } else {
      addVersionedRead(type, read, model, what);
    }
    if (!model.tags().isEmpty()) {
      type.addMethod(TagCode.codecTags(model));
    }
    for (RecordHelper record : model.records()) {
      type.addMethods(JsonObjects.helpers(record));
    }
    return type;
  }

  /**
   * {@code read} of a versioned event: the stored version picks the reader of that version's shape,
   * whose result goes up the chain of upcasters to the current record.
   */
  private static void addVersionedRead(
      TypeSpec.Builder type, MethodSpec.Builder read, EventModel model, CodeBlock what) {
    read.addJavadoc("Reads an event of any version, and upcasts it to the current one.\n");
    CodeBlock.Builder body = CodeBlock.builder()
        .addStatement("int version = $L", RuntimeMethod.READ_VERSION.call("json, $L", what))
        .beginControlFlow("switch (version)");
    List<MethodSpec> readers = new ArrayList<>();
    List<OldVersion> versions = model.oldVersions();
    for (int i = 0; i < versions.size(); i++) {
      OldVersion version = versions.get(i);
      // One local per step up the chain: v1 = readVersion1(json), v2 = upcast(v1), ...
      body.add("case $L: {\n", version.version()).indent().add(upcastSteps(versions, i));
      OldVersion last = versions.get(versions.size() - 1);
      body.addStatement("return $T.$L(v$L)", last.owner(), last.method(), last.version())
          .unindent()
          .add("}\n");
      readers.add(MethodSpec.methodBuilder("readVersion" + version.version())
          .addJavadoc("Reads the fields of an event stored at version $L.\n", version.version())
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .returns(version.type())
          .addParameter(Names.JSON_PARSER, "json")
          .addException(Names.IO_EXCEPTION)
          .addCode(JsonObjects.readObject(
              version.components(),
              version.type(),
              CodeBlock.of("$S", "event " + model.topic() + " version " + version.version()),
              true))
          .build());
    }
    body.add("case VERSION:\n")
        .indent()
        .addStatement("return readVersion$L(json)", model.version())
        .unindent()
        .add("default:\n")
        .indent()
        .addStatement("throw $L", RuntimeMethod.UNKNOWN_VERSION.call("version, $L, VERSION", what))
        .unindent()
        .endControlFlow();
    type.addMethod(read.addCode(body.build()).build());
    type.addMethods(readers);
    type.addMethod(MethodSpec.methodBuilder("readVersion" + model.version())
        .addJavadoc("Reads the fields of an event stored at the current version.\n")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(model.event())
        .addParameter(Names.JSON_PARSER, "json")
        .addException(Names.IO_EXCEPTION)
        .addCode(JsonObjects.readObject(model.components(), model.event(), what, true))
        .build());
  }

  /**
   * The locals that read an old shape and take it up the chain to the last old version: {@code v1 =
   * readVersion1(json)}, {@code v2 = upcast(v1)}, ... One local per step, so that each step can be
   * stepped through. Shared by event codecs and snapshot mappings.
   */
  static CodeBlock upcastSteps(List<OldVersion> versions, int from) {
    OldVersion first = versions.get(from);
    CodeBlock.Builder steps = CodeBlock.builder()
        .addStatement(
            "$T v$L = readVersion$L(json)", first.type(), first.version(), first.version());
    for (int j = from; j < versions.size() - 1; j++) {
      OldVersion link = versions.get(j);
      OldVersion next = versions.get(j + 1);
      steps.addStatement(
          "$T v$L = $T.$L(v$L)",
          next.type(),
          next.version(),
          link.owner(),
          link.method(),
          link.version());
    }
    return steps.build();
  }
}
