package dev.recount.processor;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Decides how each Java type is stored, for one generated class: the supported types map to a
 * {@link ValueType}; records are collected so that the class gets one pair of helper methods per
 * record; anything else is unsupported, and the first offending type is remembered for the error.
 */
final class ValueTypes {
  private final ClassName owner;
  private final Map<String, RecordHelper> records = new LinkedHashMap<>();
  private TypeMirror unsupported;
  private boolean hidden;

  ValueTypes(ClassName owner) {
    this.owner = owner;
  }

  /** A record that generated helper methods write and read. */
  record RecordHelper(ValueType.RecordType type, List<Component> components) {}

  /** One stored value of an object: a record component or an aggregate field. */
  record Component(String name, ValueType type, boolean primitive) {}

  /** The records that need helper methods, in the order they were first met. */
  List<RecordHelper> records() {
    return new ArrayList<>(records.values());
  }

  /** The type that made the last {@link #classify} call fail. */
  TypeMirror unsupported() {
    return unsupported;
  }

  /** Whether {@link #unsupported} failed for being private or nested in a private class. */
  boolean hidden() {
    return hidden;
  }

  /** How {@code type} is stored, or {@code null} if it cannot be. */
  ValueType classify(TypeMirror type) {
    switch (type.getKind()) {
      case BOOLEAN:
        return scalar(type, "Boolean");
      case BYTE:
        return scalar(type, "Byte");
      case SHORT:
        return scalar(type, "Short");
      case INT:
        return scalar(type, "Int");
      case LONG:
        return scalar(type, "Long");
      case CHAR:
        return scalar(type, "Char");
      case FLOAT:
        return scalar(type, "Float");
      case DOUBLE:
        return scalar(type, "Double");
      case ARRAY:
        if (((ArrayType) type).getComponentType().getKind() == TypeKind.BYTE) {
          return new ValueType.Scalar(ArrayTypeName.of(TypeName.BYTE), "Bytes");
        }
        return fail(type);
      case DECLARED:
        return declared((DeclaredType) type);
      default:
        return fail(type);
    }
  }

  private ValueType declared(DeclaredType type) {
    TypeElement element = (TypeElement) type.asElement();
    String name = element.getQualifiedName().toString();
    List<? extends TypeMirror> arguments = type.getTypeArguments();
    switch (name) {
      case "java.lang.String":
        return scalar(type, "String");
      case "java.lang.Boolean":
        return scalar(type, "BooleanBox");
      case "java.lang.Byte":
        return scalar(type, "ByteBox");
      case "java.lang.Short":
        return scalar(type, "ShortBox");
      case "java.lang.Integer":
        return scalar(type, "IntBox");
      case "java.lang.Long":
        return scalar(type, "LongBox");
      case "java.lang.Character":
        return scalar(type, "CharBox");
      case "java.lang.Float":
        return scalar(type, "FloatBox");
      case "java.lang.Double":
        return scalar(type, "DoubleBox");
      case "java.util.UUID":
        return scalar(type, "Uuid");
      case "java.time.Instant":
        return scalar(type, "Instant");
      case "java.time.LocalDate":
        return scalar(type, "LocalDate");
      case "java.time.LocalDateTime":
        return scalar(type, "LocalDateTime");
      case "java.time.Duration":
        return scalar(type, "Duration");
      case "java.math.BigDecimal":
        return scalar(type, "BigDecimal");
      case "java.math.BigInteger":
        return scalar(type, "BigInteger");
      case "java.util.List":
        return container(type, "List", arguments, 0);
      case "java.util.Set":
        return container(type, "Set", arguments, 0);
      case "java.util.Optional":
        return container(type, "Optional", arguments, 0);
      case "java.util.Map":
        if (arguments.size() != 2
            || !arguments.get(0).toString().equals("java.lang.String")) {
          return fail(type);
        }
        return container(type, "Map", arguments, 1);
      default:
        break;
    }
    if (element.getModifiers().contains(Modifier.PRIVATE)
        || EventValidator.privateEnclosingType(element) != null) {
      ValueType failed = fail(type);
      hidden = true; // generated code in the package could not name it
      return failed;
    }
    if (!arguments.isEmpty() || !element.getTypeParameters().isEmpty()) {
      return fail(type);
    }
    if (element.getKind() == ElementKind.ENUM) {
      List<String> constants = new ArrayList<>();
      for (Element member : element.getEnclosedElements()) {
        if (member.getKind() == ElementKind.ENUM_CONSTANT) {
          constants.add(member.getSimpleName().toString());
        }
      }
      return new ValueType.EnumType(ClassName.get(element), constants);
    }
    if (element.getKind() == ElementKind.RECORD) {
      return record(element, type);
    }
    return fail(type);
  }

  private ValueType container(DeclaredType type, String kind,
      List<? extends TypeMirror> arguments, int elementIndex) {
    if (arguments.size() <= elementIndex) {
      return fail(type);
    }
    TypeMirror argument = arguments.get(elementIndex);
    if (argument.getKind() != TypeKind.DECLARED && argument.getKind() != TypeKind.ARRAY) {
      return fail(argument); // a wildcard or type variable; arrays other than byte[] fail below
    }
    ValueType element = classify(argument);
    return element == null ? null : new ValueType.Container(TypeName.get(type), kind, element);
  }

  private ValueType record(TypeElement element, TypeMirror type) {
    String key = element.getQualifiedName().toString();
    RecordHelper existing = records.get(key);
    if (existing != null) {
      return existing.type();
    }
    ClassName name = ClassName.get(element);
    // "Record" last: a helper then never has the name of a generated version reader
    // (readVersion1: a record named Version1) or of readFields, which end otherwise.
    ValueType.RecordType recordType = new ValueType.RecordType(name,
        String.join("_", name.simpleNames()) + "Record", owner);
    List<Component> components = new ArrayList<>();
    records.put(key, new RecordHelper(recordType, components));
    for (RecordComponentElement component : element.getRecordComponents()) {
      ValueType componentType = classify(component.asType());
      if (componentType == null) {
        records.remove(key);
        return null;
      }
      String componentName = component.getSimpleName().toString();
      components.add(new Component(componentName, componentType,
          component.asType().getKind().isPrimitive()));
    }
    recordType.shape = Fingerprints.shape(components);
    return recordType;
  }

  private ValueType scalar(TypeMirror type, String suffix) {
    return new ValueType.Scalar(TypeName.get(type), suffix);
  }

  private ValueType fail(TypeMirror type) {
    unsupported = type;
    hidden = false;
    return null;
  }

  /** The name of a record component's accessor method (which a compiled record may not expose). */
  static String accessor(RecordComponentElement component) {
    ExecutableElement accessor = component.getAccessor();
    return accessor == null ? component.getSimpleName().toString()
        : accessor.getSimpleName().toString();
  }

  /** The record components of a record element, as elements to report errors at. */
  static List<RecordComponentElement> components(Element record) {
    return ElementFilter.recordComponentsIn(record.getEnclosedElements());
  }
}
