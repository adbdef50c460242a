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
import dev.recount.processor.ValueTypes.RecordHelper;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Generates {@code <Aggregate>_Snapshot}: the aggregate's fields to and from JSON, with the
 * fingerprint of their shape computed now, at compile time.
 */
final class SnapshotGenerator {
  TypeSpec.Builder generate(AggregateModel model) {
    ClassName self = model.snapshot();
    ClassName aggregate = model.aggregate();
    String what = "snapshot of " + aggregate.canonicalName();

    CodeBlock.Builder write = CodeBlock.builder().addStatement("json.writeStartObject()");
    for (Field field : model.fields()) {
      write.addStatement("json.writeFieldName($S)", field.component().name());
      write.addStatement(field.component().type().write("json",
          CodeBlock.of("aggregate.$L", field.component().name())));
    }
    write.addStatement("json.writeEndObject()");

    // One presence flag per field; allocated, since fields 'url' and 'Url' would both give hasUrl.
    NameAllocator names = new NameAllocator();
    for (String taken : List.of("aggregate", "json", "field")) {
      names.newName(taken, taken);
    }
    List<String> flags = new ArrayList<>();
    CodeBlock.Builder read = CodeBlock.builder()
        .addStatement("$T.expectStartObject(json, $S)", Names.JSON_VALUES, what);
    for (Field field : model.fields()) {
      String flag = names.newName("has" + JsonObjects.capitalize(field.component().name()));
      flags.add(flag);
      read.addStatement("boolean $L = false", flag);
    }
    read.beginControlFlow("while (json.nextToken() == $T.FIELD_NAME)", Names.JSON_TOKEN);
    if (model.fields().isEmpty()) {
      read.addStatement("json.nextToken()").addStatement("json.skipChildren()");
    } else {
      read.addStatement("String field = json.currentName()")
          .addStatement("json.nextToken()")
          .beginControlFlow("switch (field)");
      for (int i = 0; i < model.fields().size(); i++) {
        Field field = model.fields().get(i);
        String name = field.component().name();
        read.add("case $S:\n", name).indent();
        CodeBlock value = field.component().type().read("json");
        if (field.refill()) {
          read.addStatement("aggregate.$L.clear()", name);
          read.addStatement("aggregate.$L.$L($L)", name, field.map() ? "putAll" : "addAll", value);
        } else {
          read.addStatement("aggregate.$L = $L", name, value);
        }
        read.addStatement("$L = true", flags.get(i))
            .addStatement("break")
            .unindent();
      }
      read.add("default:\n").indent().addStatement("json.skipChildren()").unindent()
          .endControlFlow();
    }
    read.endControlFlow();
    for (int i = 0; i < model.fields().size(); i++) {
      read.addStatement("$T.require($L, $S, $S)", Names.JSON_VALUES, flags.get(i),
          model.fields().get(i).component().name(), what);
    }

    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.FINAL)
        .addSuperinterface(ParameterizedTypeName.get(Names.SNAPSHOT_MAPPING, aggregate))
        .addJavadoc("Captures the state of {@link $T} in snapshots and restores it.\n\n",
            aggregate)
        .addJavadoc("<p>Generated from {@link $T}; do not edit.\n", aggregate)
        .addField(FieldSpec.builder(self, "INSTANCE", Modifier.STATIC, Modifier.FINAL)
            .initializer("new $T()", self)
            .build())
        .addField(FieldSpec.builder(String.class, "FINGERPRINT", Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("Digest of the captured fields' names and types.\n")
            .initializer("$S", model.fingerprint())
            .build())
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .addMethod(MutatorGenerator.override("fingerprint", ClassName.get(String.class))
            .addStatement("return FINGERPRINT")
            .build())
        .addMethod(MutatorGenerator.override("write", TypeName.VOID)
            .addParameter(aggregate, "aggregate")
            .addParameter(Names.JSON_GENERATOR, "json")
            .addException(Names.IO_EXCEPTION)
            .addCode(write.build())
            .build())
        .addMethod(MutatorGenerator.override("read", TypeName.VOID)
            .addParameter(aggregate, "aggregate")
            .addParameter(Names.JSON_PARSER, "json")
            .addException(Names.IO_EXCEPTION)
            .addCode(read.build())
            .build());
    for (RecordHelper record : model.snapshotRecords()) {
      type.addMethods(JsonObjects.helpers(record));
    }
    return type;
  }
}
