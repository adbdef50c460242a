package dev.recount.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import dev.recount.processor.ValueTypes.Component;
import dev.recount.processor.ValueTypes.RecordHelper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * The code that writes an object's components as a JSON object and reads them back into a
 * constructor call: shared by event codecs, record helpers and snapshot mappings.
 */
final class JsonObjects {
  private JsonObjects() {}

  /** Statements that write {@code components} of {@code value} (read with accessors). */
  static CodeBlock writeObject(List<Component> components, String value) {
    return writeObject(components, value, CodeBlock.of(""));
  }

  /** Statements that write {@code components} of {@code value}, after {@code first}. */
  static CodeBlock writeObject(List<Component> components, String value, CodeBlock first) {
    CodeBlock.Builder code =
        CodeBlock.builder().addStatement("json.writeStartObject()").add(first);
    for (Component component : components) {
      code.addStatement("json.writeFieldName($S)", component.name());
      code.addStatement(ValueCode.write(
          component.type(), "json", CodeBlock.of("$L.$L()", value, component.name())));
    }
    return code.addStatement("json.writeEndObject()").build();
  }

  /**
   * Statements that read one JSON object into locals, check that every required component was
   * present, and return {@code new type(...)}. {@code what} is an expression naming the object in
   * error messages.
   */
  static CodeBlock readObject(List<Component> components, TypeName type, CodeBlock what) {
    return readObject(components, type, what, false);
  }

  /**
   * Like {@link #readObject(List, TypeName, CodeBlock)}; if {@code started}, the parser is already
   * past the object's start (and its version field), on the first component's name or the end.
   */
  static CodeBlock readObject(
      List<Component> components, TypeName type, CodeBlock what, boolean started) {
    NameAllocator names = new NameAllocator();
    names.newName("json", "json");
    names.newName("field", "field");
    CodeBlock.Builder code = CodeBlock.builder();
    if (!started) {
      code.add(startObject(what));
    }
    List<String> locals = new ArrayList<>();
    List<String> flags = new ArrayList<>();
    List<String> fieldNames = new ArrayList<>();
    List<CodeBlock> reads = new ArrayList<>();
    for (Component component : components) {
      String local = names.newName(component.name(), component);
      String flag = names.newName("has" + capitalize(component.name()), component.name() + "?");
      locals.add(local);
      flags.add(flag);
      code.addStatement("$T $L = $L", component.type().type(), local, initial(component));
      CodeBlock.Builder read = CodeBlock.builder()
          .addStatement("$L = $L", local, ValueCode.read(component.type(), "json"));
      if (required(component)) {
        code.addStatement("boolean $L = false", flag);
        read.addStatement("$L = true", flag);
      }
      fieldNames.add(component.name());
      reads.add(read.build());
    }
    code.add(fieldLoop(fieldNames, reads));
    CodeBlock.Builder arguments = CodeBlock.builder();
    for (int i = 0; i < components.size(); i++) {
      if (required(components.get(i))) {
        code.addStatement(require(flags.get(i), components.get(i).name(), what));
      }
      arguments.add(i == 0 ? "$L" : ",$W$L", locals.get(i));
    }
    return code.addStatement("return new $T($L)", type, arguments.build()).build();
  }

  /**
   * Checks that the parser is on the start of the object named by {@code what}, and moves to its
   * first field: where {@link #fieldLoop} starts.
   */
  static CodeBlock startObject(CodeBlock what) {
    return CodeBlock.builder()
        .addStatement(RuntimeMethod.EXPECT_START_OBJECT.call("json,$W$L", what))
        .addStatement("json.nextToken()")
        .build();
  }

  /** Fails the read if the component {@code name} was absent, as its {@code flag} says. */
  static CodeBlock require(String flag, String name, CodeBlock what) {
    return RuntimeMethod.REQUIRE.call("$L, $S,$W$L", flag, name, what);
  }

  /**
   * The loop over the fields of an object, from the parser on its first field (or its end) to its
   * end: for each field named in {@code names}, the statements at the same index of {@code reads},
   * with the parser on the field's value; other fields are skipped.
   */
  static CodeBlock fieldLoop(List<String> names, List<CodeBlock> reads) {
    CodeBlock.Builder code = CodeBlock.builder()
        .beginControlFlow(
            "for (; json.currentToken() == $T.FIELD_NAME; json.nextToken())", Names.JSON_TOKEN);
    if (names.isEmpty()) {
      code.addStatement("json.nextToken()").addStatement("json.skipChildren()");
    } else {
      code.addStatement("$T field = json.currentName()", String.class)
          .addStatement("json.nextToken()")
          .beginControlFlow("switch (field)");
      for (int i = 0; i < names.size(); i++) {
        code.add("case $S:\n", names.get(i))
            .indent()
            .add(reads.get(i))
            .addStatement("break")
            .unindent();
      }
      code.add("default:\n")
          .indent()
          .add("// A field this shape does not have (written by another version): skipped.\n")
          .addStatement("json.skipChildren()")
          .unindent()
          .endControlFlow();
    }
    return code.endControlFlow().build();
  }

  /**
   * The static {@code read<Name>} helper of a record and, if it is written, {@code write<Name>}.
   */
  static List<MethodSpec> helpers(RecordHelper record) {
    ValueType.RecordType type = record.type();
    MethodSpec write = MethodSpec.methodBuilder(type.writeMethod())
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(Names.JSON_GENERATOR, "json")
        .addParameter(type.type(), "value")
        .addException(Names.IO_EXCEPTION)
        .beginControlFlow("if (value == null)")
        .addStatement("json.writeNull()")
        .addStatement("return")
        .endControlFlow()
        .addCode(writeObject(record.components(), "value"))
        .build();
    MethodSpec read = MethodSpec.methodBuilder(type.readMethod())
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(type.type())
        .addParameter(Names.JSON_PARSER, "json")
        .addException(Names.IO_EXCEPTION)
        .beginControlFlow("if (json.currentToken() == $T.VALUE_NULL)", Names.JSON_TOKEN)
        .addStatement("return null")
        .endControlFlow()
        .addCode(readObject(
            record.components(),
            type.type(),
            CodeBlock.of("$S", "record " + type.type().canonicalName())))
        .build();
    return record.written() ? List.of(write, read) : List.of(read);
  }

  static boolean required(Component component) {
    return !(component.type() instanceof ValueType.Container container) || container.refillable();
  }

  private static CodeBlock initial(Component component) {
    TypeName type = component.type().type();
    if (type.isPrimitive()) {
      if (type.equals(TypeName.BOOLEAN)) {
        return CodeBlock.of("false");
      }
      if (type.equals(TypeName.CHAR)) {
        return CodeBlock.of("'\\0'");
      }
      return CodeBlock.of("0");
    }
    if (!required(component)) {
      return CodeBlock.of("$T.empty()", ClassName.get("java.util", "Optional"));
    }
    return CodeBlock.of("null");
  }

  static String capitalize(String name) {
    return name.isEmpty()
        ? name
        : name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
  }
}
