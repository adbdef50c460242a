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
import dev.recount.processor.Models.Field;
import dev.recount.processor.Models.OldVersion;
import dev.recount.processor.ValueTypes.RecordHelper;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Generates {@code <Aggregate>_Snapshot}: the aggregate's fields to and from JSON, with the
 * fingerprint of their shape computed now, at compile time, and the readers of the older shapes the
 * aggregate declares.
 */
final class SnapshotGenerator implements Generator<AggregateModel> {
  @Override
  public ClassName name(AggregateModel model) {
    return model.snapshot();
  }

  @Override
  public TypeSpec.Builder generate(AggregateModel model) {
    ClassName self = model.snapshot();
    ClassName aggregate = model.aggregate();
    String what = "snapshot of " + aggregate.canonicalName();

    CodeBlock.Builder write = CodeBlock.builder().addStatement("json.writeStartObject()");
    for (Field field : model.fields()) {
      write.addStatement("json.writeFieldName($S)", field.component().name());
      write.addStatement(ValueCode.write(
          field.component().type(),
          "json",
          CodeBlock.of("aggregate.$L", field.component().name())));
    }
    write.addStatement("json.writeEndObject()");

    // One presence flag per field; allocated, since fields 'url' and 'Url' would both give hasUrl.
    NameAllocator names = new NameAllocator();
    for (String taken : List.of("aggregate", "json", "field")) {
      names.newName(taken, taken);
    }
    CodeBlock whatLiteral = CodeBlock.of("$S", what);
    CodeBlock.Builder read = CodeBlock.builder().add(JsonObjects.startObject(whatLiteral));
    List<String> flags = new ArrayList<>();
    List<String> fieldNames = new ArrayList<>();
    List<CodeBlock> reads = new ArrayList<>();
    for (Field field : model.fields()) {
      String name = field.component().name();
      String flag = names.newName("has" + JsonObjects.capitalize(name));
      flags.add(flag);
      read.addStatement("boolean $L = false", flag);
      CodeBlock value = ValueCode.read(field.component().type(), "json");
      CodeBlock.Builder set = CodeBlock.builder();
      if (field.refill()) {
        set.addStatement("aggregate.$L.clear()", name);
        set.addStatement("aggregate.$L.$L($L)", name, field.map() ? "putAll" : "addAll", value);
      } else {
        set.addStatement("aggregate.$L = $L", name, value);
      }
      fieldNames.add(name);
      reads.add(set.addStatement("$L = true", flag).build());
    }
    read.add(JsonObjects.fieldLoop(fieldNames, reads));
    for (int i = 0; i < model.fields().size(); i++) {
      read.addStatement(
          JsonObjects.require(flags.get(i), model.fields().get(i).component().name(), whatLiteral));
    }

    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.FINAL)
        .addSuperinterface(ParameterizedTypeName.get(Names.SNAPSHOT_MAPPING, aggregate))
        .addJavadoc("Captures the state of {@link $T} in snapshots and restores it.\n\n", aggregate)
        .addJavadoc("<p>Generated from {@link $T}; do not edit.\n", aggregate)
        .addField(FieldSpec.builder(self, "INSTANCE", Modifier.STATIC, Modifier.FINAL)
            .initializer("$Znew $T()", self)
            .build())
        .addField(FieldSpec.builder(String.class, "FINGERPRINT", Modifier.STATIC, Modifier.FINAL)
            .addJavadoc(
                "Version $L of the snapshots and a digest of the fields' names and types.\n",
                model.version())
            .initializer("$S", model.fingerprint())
            .build())
        .addMethod(
            MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .addMethod(MutatorGenerator.override(
                RuntimeMethod.SNAPSHOT_FINGERPRINT, ClassName.get(String.class))
            .addStatement("return FINGERPRINT")
            .build())
        .addMethod(MutatorGenerator.override(RuntimeMethod.SNAPSHOT_WRITE, TypeName.VOID)
            .addParameter(aggregate, "aggregate")
            .addParameter(Names.JSON_GENERATOR, "json")
            .addException(Names.IO_EXCEPTION)
            .addCode(write.build())
            .build())
        .addMethod(reads(model))
        .addMethod(MutatorGenerator.override(RuntimeMethod.SNAPSHOT_READ, TypeName.VOID)
            .addParameter(aggregate, "aggregate")
            .addParameter(String.class, "fingerprint")
            .addParameter(Names.JSON_PARSER, "json")
            .addException(Names.IO_EXCEPTION)
            .addCode(dispatch(model))
            .build())
        .addMethod(MethodSpec.methodBuilder("readFields")
            .addJavadoc("Reads a snapshot of the current version into the fields.\n")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .addParameter(aggregate, "aggregate")
            .addParameter(Names.JSON_PARSER, "json")
            .addException(Names.IO_EXCEPTION)
            .addCode(read.build())
            .build());
    for (OldVersion old : model.oldSnapshots()) {
      type.addField(FieldSpec.builder(
              String.class, "VERSION_" + old.version(), Modifier.STATIC, Modifier.FINAL)
          .addJavadoc(
              "Fingerprint of snapshot version $L, read as {@link $T}.\n",
              old.version(),
              old.type())
          .initializer("$S", Fingerprints.of(old.version(), old.components()))
          .build());
      type.addMethod(MethodSpec.methodBuilder("readVersion" + old.version())
          .addJavadoc("Reads a snapshot stored at version $L.\n", old.version())
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .returns(old.type())
          .addParameter(Names.JSON_PARSER, "json")
          .addException(Names.IO_EXCEPTION)
          .addCode(JsonObjects.readObject(
              old.components(), old.type(), CodeBlock.of("$S", what + " version " + old.version())))
          .build());
    }
    for (RecordHelper record : model.snapshotRecords()) {
      type.addMethods(JsonObjects.helpers(record));
    }
    return type;
  }

  private static MethodSpec reads(AggregateModel model) {
    MethodSpec.Builder reads = MutatorGenerator.override(
            RuntimeMethod.SNAPSHOT_READS, TypeName.BOOLEAN)
        .addParameter(String.class, "fingerprint");
    if (model.oldSnapshots().isEmpty()) {
      return reads.addStatement("return FINGERPRINT.equals(fingerprint)").build();
    }
    CodeBlock.Builder body =
        CodeBlock.builder().beginControlFlow("switch (fingerprint)").add("case FINGERPRINT:\n");
    for (OldVersion old : model.oldSnapshots()) {
      body.add("case VERSION_$L:\n", old.version());
    }
    body.indent()
        .addStatement("return true")
        .unindent()
        .add("default:\n")
        .indent()
        .addStatement("return false")
        .unindent()
        .endControlFlow();
    return reads.addCode(body.build()).build();
  }

  /**
   * {@code read}: the fingerprint picks the reader of the shape the snapshot was stored with; an
   * older shape goes up the chain of upcasters, the last of which sets the fields.
   */
  private static CodeBlock dispatch(AggregateModel model) {
    if (model.oldSnapshots().isEmpty()) {
      return CodeBlock.builder().addStatement("readFields(aggregate, json)").build();
    }
    CodeBlock.Builder body = CodeBlock.builder().beginControlFlow("switch (fingerprint)");
    List<OldVersion> versions = model.oldSnapshots();
    for (int i = 0; i < versions.size(); i++) {
      OldVersion old = versions.get(i);
      // One local per step up the chain: v1 = readVersion1(json), v2 = upcast(v1), ...
      body.add("case VERSION_$L: {\n", old.version())
          .indent()
          .add(CodecGenerator.upcastSteps(versions, i));
      OldVersion last = versions.get(versions.size() - 1);
      body.addStatement("aggregate.$L(v$L)", last.method(), last.version())
          .addStatement("return")
          .unindent()
          .add("}\n");
    }
    return body.add("case FINGERPRINT:\n")
        .indent()
        .addStatement("readFields(aggregate, json)")
        .addStatement("return")
        .unindent()
        .add("default:\n")
        .indent()
        .addStatement(
            "throw new $T($Z$S$W+ fingerprint)",
            IllegalArgumentException.class,
            "unknown snapshot fingerprint ")
        .unindent()
        .endControlFlow()
        .build();
  }
}
