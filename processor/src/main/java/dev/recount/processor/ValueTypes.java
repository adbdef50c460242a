package dev.recount.processor;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.recount.processor.ValueType.ContainerKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  /**
   * A record that generated helper methods read and, if {@code written}, write: a record met only
   * in old shapes is read, never written.
   */
  record RecordHelper(ValueType.RecordType type, List<Component> components, boolean written) {}

  /** One stored value of an object: a record component or an aggregate field. */
  record Component(String name, ValueType type, boolean primitive) {}

  /**
   * The records that need helper methods, in the order they were first met; those that the
   * {@code written} components hold (directly, in containers or in other records) are written.
   */
  List<RecordHelper> records(List<Component> written) {
    Set<ClassName> reached = new HashSet<>();
    for (Component component : written) {
      reach(component.type(), reached);
    }
    List<RecordHelper> helpers = new ArrayList<>();
    for (RecordHelper helper : records.values()) {
      helpers.add(new RecordHelper(
          helper.type(), helper.components(), reached.contains(helper.type().type())));
    }
    return helpers;
  }

  private void reach(ValueType type, Set<ClassName> reached) {
    if (type instanceof ValueType.Container container) {
      reach(container.element(), reached);
    } else if (type instanceof ValueType.RecordType record && reached.add(record.type())) {
      RecordHelper helper = records.get(record.type().canonicalName());
      if (helper != null) {
        for (Component component : helper.components()) {
          reach(component.type(), reached);
        }
      }
    }
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
        return scalar(type, RuntimeMethod.WRITE_BOOLEAN, RuntimeMethod.READ_BOOLEAN);
      case BYTE:
        return scalar(type, RuntimeMethod.WRITE_BYTE, RuntimeMethod.READ_BYTE);
      case SHORT:
        return scalar(type, RuntimeMethod.WRITE_SHORT, RuntimeMethod.READ_SHORT);
      case INT:
        return scalar(type, RuntimeMethod.WRITE_INT, RuntimeMethod.READ_INT);
      case LONG:
        return scalar(type, RuntimeMethod.WRITE_LONG, RuntimeMethod.READ_LONG);
      case CHAR:
        return scalar(type, RuntimeMethod.WRITE_CHAR, RuntimeMethod.READ_CHAR);
      case FLOAT:
        return scalar(type, RuntimeMethod.WRITE_FLOAT, RuntimeMethod.READ_FLOAT);
      case DOUBLE:
        return scalar(type, RuntimeMethod.WRITE_DOUBLE, RuntimeMethod.READ_DOUBLE);
      case ARRAY:
        if (((ArrayType) type).getComponentType().getKind() == TypeKind.BYTE) {
          return new ValueType.Scalar(
              ArrayTypeName.of(TypeName.BYTE), RuntimeMethod.WRITE_BYTES, RuntimeMethod.READ_BYTES);
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
        return scalar(type, RuntimeMethod.WRITE_STRING, RuntimeMethod.READ_STRING);
      case "java.lang.Boolean":
        return scalar(type, RuntimeMethod.WRITE_BOOLEAN_BOX, RuntimeMethod.READ_BOOLEAN_BOX);
      case "java.lang.Byte":
        return scalar(type, RuntimeMethod.WRITE_BYTE_BOX, RuntimeMethod.READ_BYTE_BOX);
      case "java.lang.Short":
        return scalar(type, RuntimeMethod.WRITE_SHORT_BOX, RuntimeMethod.READ_SHORT_BOX);
      case "java.lang.Integer":
        return scalar(type, RuntimeMethod.WRITE_INT_BOX, RuntimeMethod.READ_INT_BOX);
      case "java.lang.Long":
        return scalar(type, RuntimeMethod.WRITE_LONG_BOX, RuntimeMethod.READ_LONG_BOX);
      case "java.lang.Character":
        return scalar(type, RuntimeMethod.WRITE_CHAR_BOX, RuntimeMethod.READ_CHAR_BOX);
      case "java.lang.Float":
        return scalar(type, RuntimeMethod.WRITE_FLOAT_BOX, RuntimeMethod.READ_FLOAT_BOX);
      case "java.lang.Double":
        return scalar(type, RuntimeMethod.WRITE_DOUBLE_BOX, RuntimeMethod.READ_DOUBLE_BOX);
      case "java.util.UUID":
        return scalar(type, RuntimeMethod.WRITE_UUID, RuntimeMethod.READ_UUID);
      case "java.time.Instant":
        return scalar(type, RuntimeMethod.WRITE_INSTANT, RuntimeMethod.READ_INSTANT);
      case "java.time.LocalDate":
        return scalar(type, RuntimeMethod.WRITE_LOCAL_DATE, RuntimeMethod.READ_LOCAL_DATE);
      case "java.time.LocalDateTime":
        return scalar(
            type, RuntimeMethod.WRITE_LOCAL_DATE_TIME, RuntimeMethod.READ_LOCAL_DATE_TIME);
      case "java.time.Duration":
        return scalar(type, RuntimeMethod.WRITE_DURATION, RuntimeMethod.READ_DURATION);
      case "java.math.BigDecimal":
        return scalar(type, RuntimeMethod.WRITE_BIG_DECIMAL, RuntimeMethod.READ_BIG_DECIMAL);
      case "java.math.BigInteger":
        return scalar(type, RuntimeMethod.WRITE_BIG_INTEGER, RuntimeMethod.READ_BIG_INTEGER);
      case "java.util.List":
        return container(type, ContainerKind.LIST, arguments, 0);
      case "java.util.Set":
        return container(type, ContainerKind.SET, arguments, 0);
      case "java.util.Optional":
        return container(type, ContainerKind.OPTIONAL, arguments, 0);
      case "java.util.Map":
        if (arguments.size() != 2 || !arguments.get(0).toString().equals("java.lang.String")) {
          return fail(type);
        }
        return container(type, ContainerKind.MAP, arguments, 1);
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
      return record(element);
    }
    return fail(type);
  }

  private ValueType container(
      DeclaredType type,
      ContainerKind kind,
      List<? extends TypeMirror> arguments,
      int elementIndex) {
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

  private ValueType record(TypeElement element) {
    String key = element.getQualifiedName().toString();
    ClassName name = ClassName.get(element);
    // "Record" last: a helper then never has the name of a generated version reader
    // (readVersion1: a record named Version1) or of readFields, which end otherwise.
    String helperName = String.join("_", name.simpleNames()) + "Record";
    if (records.containsKey(key)) {
      RecordHelper done = records.get(key);
      // A record that refers to itself, while its components are read: its shape is not known
      // yet, and is described as empty where it recurs.
      return done != null ? done.type() : new ValueType.RecordType(name, helperName, owner, "");
    }
    records.put(key, null); // its place in the order records were first met
    List<Component> components = new ArrayList<>();
    for (RecordComponentElement component : element.getRecordComponents()) {
      ValueType componentType = classify(component.asType());
      if (componentType == null) {
        records.remove(key);
        return null;
      }
      String componentName = component.getSimpleName().toString();
      components.add(new Component(
          componentName, componentType, component.asType().getKind().isPrimitive()));
    }
    ValueType.RecordType recordType =
        new ValueType.RecordType(name, helperName, owner, Fingerprints.shape(components));
    records.put(key, new RecordHelper(recordType, List.copyOf(components), true));
    return recordType;
  }

  private static ValueType scalar(TypeMirror type, RuntimeMethod write, RuntimeMethod read) {
    return new ValueType.Scalar(TypeName.get(type), write, read);
  }

  private ValueType fail(TypeMirror type) {
    unsupported = type;
    hidden = false;
    return null;
  }

  /** The name of a record component's accessor method (which a compiled record may not expose). */
  static String accessor(RecordComponentElement component) {
    ExecutableElement accessor = component.getAccessor();
    return accessor == null
        ? component.getSimpleName().toString()
        : accessor.getSimpleName().toString();
  }

  /** The record components of a record element, as elements to report errors at. */
  static List<RecordComponentElement> components(Element record) {
    return ElementFilter.recordComponentsIn(record.getEnclosedElements());
  }
}
