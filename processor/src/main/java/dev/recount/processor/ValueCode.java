package dev.recount.processor;

import com.palantir.javapoet.CodeBlock;
import dev.recount.processor.ValueType.Container;
import dev.recount.processor.ValueType.EnumType;
import dev.recount.processor.ValueType.RecordType;
import dev.recount.processor.ValueType.Scalar;

/**
 * The code that writes a {@link ValueType} to JSON and reads it back: calls of the runtime's
 * {@code JsonValues} (named in {@link RuntimeMethod}), composed for containers, and calls of the
 * generated helper methods of records.
 */
final class ValueCode {
  private ValueCode() {}

  /** A statement that writes {@code value} to the generator named {@code json}. */
  static CodeBlock write(ValueType type, String json, CodeBlock value) {
    if (type instanceof Scalar scalar) {
      return scalar.write().call("$L,$W$L", json, value);
    }
    if (type instanceof EnumType) {
      return RuntimeMethod.WRITE_ENUM.call("$L,$W$L", json, value);
    }
    if (type instanceof Container container) {
      return container
          .kind()
          .write
          .call("$L,$W$L,$W$L", json, value, writer(container.element(), 1));
    }
    RecordType record = (RecordType) type;
    return CodeBlock.of("$L($L,$W$L)", record.writeMethod(), json, value);
  }

  /** An expression that reads a value from the parser named {@code json}. */
  static CodeBlock read(ValueType type, String json) {
    if (type instanceof Scalar scalar) {
      return scalar.read().call("$L", json);
    }
    if (type instanceof EnumType enumType) {
      return RuntimeMethod.READ_ENUM.call("$L,$W$T::valueOf", json, enumType.type());
    }
    if (type instanceof Container container) {
      return container.kind().read.call("$L,$W$L", json, reader(container.element(), 1));
    }
    RecordType record = (RecordType) type;
    return CodeBlock.of("$L($L)", record.readMethod(), json);
  }

  /** A {@code JsonValues.Writer} for {@code type}; {@code depth} keeps lambda names apart. */
  static CodeBlock writer(ValueType type, int depth) {
    if (type instanceof Scalar scalar) {
      return scalar.write().reference();
    }
    if (type instanceof EnumType) {
      return RuntimeMethod.WRITE_ENUM.reference();
    }
    if (type instanceof Container container) {
      String generator = "g" + depth;
      String value = "v" + depth;
      return CodeBlock.builder()
          .add("($L, $L) -> ", generator, value)
          .add(container
              .kind()
              .write
              .call("$L,$W$L,$W$L", generator, value, writer(container.element(), depth + 1)))
          .build();
    }
    RecordType record = (RecordType) type;
    return CodeBlock.of("$T::$L", record.owner(), record.writeMethod());
  }

  /** A {@code JsonValues.Reader} for {@code type}; {@code depth} keeps lambda names apart. */
  static CodeBlock reader(ValueType type, int depth) {
    if (type instanceof Scalar scalar) {
      return scalar.read().reference();
    }
    if (type instanceof EnumType) {
      String parser = "p" + depth;
      return CodeBlock.of("$L -> $L", parser, read(type, parser));
    }
    if (type instanceof Container container) {
      String parser = "p" + depth;
      return CodeBlock.builder()
          .add("$L -> ", parser)
          .add(
              container.kind().read.call("$L,$W$L", parser, reader(container.element(), depth + 1)))
          .build();
    }
    RecordType record = (RecordType) type;
    return CodeBlock.of("$T::$L", record.owner(), record.readMethod());
  }
}
