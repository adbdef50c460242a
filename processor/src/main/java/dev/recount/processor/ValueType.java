package dev.recount.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * How one Java type is stored in JSON: an immutable description, built by {@link ValueTypes}. The
 * code that writes and reads it is {@link ValueCode}'s.
 */
sealed interface ValueType {
  /** The Java type. */
  TypeName type();

  /**
   * A canonical description of the stored shape, for snapshot fingerprints: what the JSON holds, so
   * records and enums are described by their components and constants, not by their names.
   */
  String shape();

  /** A value written and read by a pair of {@code JsonValues}' scalar methods. */
  record Scalar(TypeName type, RuntimeMethod write, RuntimeMethod read) implements ValueType {
    @Override
    public String shape() {
      return type.toString();
    }
  }

  /** An enum constant, by name; {@code constants} sorted. */
  record EnumType(ClassName type, List<String> constants) implements ValueType {
    public EnumType {
      constants = constants.stream().sorted().toList();
    }

    @Override
    public String shape() {
      // The constants, not the class: an old shape may name a copy of the enum.
      return "enum{" + String.join(",", constants) + "}";
    }
  }

  /** The kinds of container, each with the {@code JsonValues} methods that write and read it. */
  enum ContainerKind {
    LIST("List", RuntimeMethod.WRITE_LIST, RuntimeMethod.READ_LIST),
    SET("Set", RuntimeMethod.WRITE_SET, RuntimeMethod.READ_SET),
    MAP("Map", RuntimeMethod.WRITE_MAP, RuntimeMethod.READ_MAP),
    OPTIONAL("Optional", RuntimeMethod.WRITE_OPTIONAL, RuntimeMethod.READ_OPTIONAL);

    final String label;
    final RuntimeMethod write;
    final RuntimeMethod read;

    ContainerKind(String label, RuntimeMethod write, RuntimeMethod read) {
      this.label = label;
      this.write = write;
      this.read = read;
    }
  }

  /** A List, Set, Map with String keys, or Optional of a supported type. */
  record Container(TypeName type, ContainerKind kind, ValueType element) implements ValueType {
    @Override
    public String shape() {
      return kind.label + "<" + element.shape() + ">";
    }

    /** Whether this is a List, Set or Map, which a final field can be refilled from. */
    boolean refillable() {
      return kind != ContainerKind.OPTIONAL;
    }

    boolean isMap() {
      return kind == ContainerKind.MAP;
    }
  }

  /**
   * A record, written and read by helper methods generated in {@code owner}, named after
   * {@code helperName}; {@code components} is the shape of its components.
   */
  record RecordType(ClassName type, String helperName, ClassName owner, String components)
      implements ValueType {
    @Override
    public String shape() {
      // The components, not the class: an old shape may name a copy of the record.
      return "record{" + components + "}";
    }

    /** The name of the generated helper that writes the record. */
    String writeMethod() {
      return "write" + helperName;
    }

    /** The name of the generated helper that reads the record. */
    String readMethod() {
      return "read" + helperName;
    }
  }
}
