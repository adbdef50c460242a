package dev.recount.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * How one Java type is written to and read from JSON by generated code: as calls to the runtime's
 * {@code JsonValues}, composed for containers, and as generated helper methods for records.
 */
abstract class ValueType {
  final TypeName type;

  ValueType(TypeName type) {
    this.type = type;
  }

  /** A statement that writes {@code value} to the generator named {@code json}. */
  abstract CodeBlock write(String json, CodeBlock value);

  /** An expression that reads a value from the parser named {@code json}. */
  abstract CodeBlock read(String json);

  /** A {@code JsonValues.Writer} for this type; {@code depth} keeps lambda names apart. */
  abstract CodeBlock writer(int depth);

  /** A {@code JsonValues.Reader} for this type. */
  abstract CodeBlock reader(int depth);

  /**
   * A canonical description of the stored shape, for snapshot fingerprints: what the JSON holds,
   * so records and enums are described by their components and constants, not by their names.
   */
  abstract String shape();

  /** A value written by one of {@code JsonValues}' scalar methods, {@code write<suffix>}. */
  static final class Scalar extends ValueType {
    private final String suffix;

    Scalar(TypeName type, String suffix) {
      super(type);
      this.suffix = suffix;
    }

    @Override
    CodeBlock write(String json, CodeBlock value) {
      return CodeBlock.of("$T.write$L($L, $L)", Names.JSON_VALUES, suffix, json, value);
    }

    @Override
    CodeBlock read(String json) {
      return CodeBlock.of("$T.read$L($L)", Names.JSON_VALUES, suffix, json);
    }

    @Override
    CodeBlock writer(int depth) {
      return CodeBlock.of("$T::write$L", Names.JSON_VALUES, suffix);
    }

    @Override
    CodeBlock reader(int depth) {
      return CodeBlock.of("$T::read$L", Names.JSON_VALUES, suffix);
    }

    @Override
    String shape() {
      return type.toString();
    }
  }

  /** An enum constant, by name. */
  static final class EnumType extends ValueType {
    private final List<String> constants;

    EnumType(ClassName type, List<String> constants) {
      super(type);
      this.constants = constants.stream().sorted().toList();
    }

    @Override
    CodeBlock write(String json, CodeBlock value) {
      return CodeBlock.of("$T.writeEnum($L, $L)", Names.JSON_VALUES, json, value);
    }

    @Override
    CodeBlock read(String json) {
      return CodeBlock.of("$T.readEnum($L, $T::valueOf)", Names.JSON_VALUES, json, type);
    }

    @Override
    CodeBlock writer(int depth) {
      return CodeBlock.of("$T::writeEnum", Names.JSON_VALUES);
    }

    @Override
    CodeBlock reader(int depth) {
      String parser = "p" + depth;
      return CodeBlock.of("$L -> $L", parser, read(parser));
    }

    @Override
    String shape() {
      // The constants, not the class: an old shape may name a copy of the enum.
      return "enum{" + String.join(",", constants) + "}";
    }
  }

  /** A List, Set, Map with String keys, or Optional of a supported type. */
  static final class Container extends ValueType {
    private final String kind;
    private final ValueType element;

    Container(TypeName type, String kind, ValueType element) {
      super(type);
      this.kind = kind;
      this.element = element;
    }

    @Override
    CodeBlock write(String json, CodeBlock value) {
      return CodeBlock.of("$T.write$L($L, $L, $L)", Names.JSON_VALUES, kind, json, value,
          element.writer(1));
    }

    @Override
    CodeBlock read(String json) {
      return CodeBlock.of("$T.read$L($L, $L)", Names.JSON_VALUES, kind, json, element.reader(1));
    }

    @Override
    CodeBlock writer(int depth) {
      String generator = "g" + depth;
      String value = "v" + depth;
      return CodeBlock.of("($L, $L) -> $T.write$L($L, $L, $L)", generator, value,
          Names.JSON_VALUES, kind, generator, value, element.writer(depth + 1));
    }

    @Override
    CodeBlock reader(int depth) {
      String parser = "p" + depth;
      return CodeBlock.of("$L -> $T.read$L($L, $L)", parser, Names.JSON_VALUES, kind, parser,
          element.reader(depth + 1));
    }

    @Override
    String shape() {
      return kind + "<" + element.shape() + ">";
    }

    /** Whether this is a List, Set or Map, which a final field can be refilled from. */
    boolean refillable() {
      return !kind.equals("Optional");
    }

    boolean isMap() {
      return kind.equals("Map");
    }
  }

  /** A record, written by generated helper methods {@code write<Name>} and {@code read<Name>}. */
  static final class RecordType extends ValueType {
    final String helperName;
    final ClassName owner;
    String shape = "";

    RecordType(ClassName type, String helperName, ClassName owner) {
      super(type);
      this.helperName = helperName;
      this.owner = owner;
    }

    @Override
    CodeBlock write(String json, CodeBlock value) {
      return CodeBlock.of("write$L($L, $L)", helperName, json, value);
    }

    @Override
    CodeBlock read(String json) {
      return CodeBlock.of("read$L($L)", helperName, json);
    }

    @Override
    CodeBlock writer(int depth) {
      return CodeBlock.of("$T::write$L", owner, helperName);
    }

    @Override
    CodeBlock reader(int depth) {
      return CodeBlock.of("$T::read$L", owner, helperName);
    }

    @Override
    String shape() {
      // The components, not the class: an old shape may name a copy of the record.
      return "record{" + shape + "}";
    }
  }
}
