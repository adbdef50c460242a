package dev.recount.processor;

import com.palantir.javapoet.TypeName;
import dev.recount.processor.Models.TagModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Reads the {@code @Tag} components of an event record, or the {@code @Tag} fields of a decision
 * model, reporting each misuse at its element: a name that is not a Java identifier, a name used
 * twice, or a type whose value cannot be written as a tag.
 */
final class TagReader {
  /** The types whose values are tags as they are, by their {@code toString()} or enum name. */
  private static final Set<TypeKind> PRIMITIVES =
      Set.of(TypeKind.INT, TypeKind.LONG, TypeKind.SHORT);

  private static final Set<String> SCALARS = Set.of(
      "java.lang.String",
      "java.util.UUID",
      "java.lang.Integer",
      "java.lang.Long",
      "java.lang.Short");

  /**
   * Names whose static query method could have the signature of an inherited instance method
   * ({@code Object.wait(long)}, {@code EventQuery.withTag(String)}).
   */
  private static final Set<String> RESERVED = Set.of("wait", "withTag");

  private final Diagnostics diagnostics;

  TagReader(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** Whether {@code record} declares tags: used for events compiled elsewhere too. */
  static boolean tagged(TypeElement record) {
    for (RecordComponentElement component : ValueTypes.components(record)) {
      if (Annotations.has(component, Names.TAG)) {
        return true;
      }
    }
    return false;
  }

  /** The tags of an event record, in component order; errors are reported at the component. */
  List<TagModel> ofRecord(TypeElement record) {
    List<TagModel> tags = new ArrayList<>();
    Map<String, Element> byName = new LinkedHashMap<>();
    for (RecordComponentElement component : ValueTypes.components(record)) {
      TagModel tag = read(component, component.asType(), "component", byName);
      if (tag != null) {
        tags.add(tag);
      }
    }
    return tags;
  }

  /**
   * The tag of one annotated element ({@code what} says which kind, for messages), or {@code null}
   * if it has none or is wrong (reported). {@code byName} collects the names seen so far.
   */
  TagModel read(Element element, TypeMirror type, String what, Map<String, Element> byName) {
    if (!Annotations.has(element, Names.TAG)) {
      return null;
    }
    String name = String.valueOf(Annotations.value(element, Names.TAG, "value"));
    String elementName = element.getSimpleName().toString();
    if (!SourceVersion.isName(name) || name.contains(".")) {
      diagnostics.error(
          element,
          Annotations.find(element, Names.TAG),
          Annotations.annotationValue(element, Names.TAG, "value"),
          Message.TAG_NAME_INVALID,
          name,
          what,
          elementName);
      return null;
    }
    if (RESERVED.contains(name)) {
      diagnostics.error(
          element,
          Annotations.find(element, Names.TAG),
          Annotations.annotationValue(element, Names.TAG, "value"),
          Message.TAG_NAME_RESERVED,
          name,
          what,
          elementName,
          name);
      return null;
    }
    Element earlier = byName.putIfAbsent(name, element);
    if (earlier != null) {
      diagnostics.error(
          element, Message.TAG_DUPLICATE, name, what, elementName, earlier.getSimpleName());
      return null;
    }
    if (type.getKind() == TypeKind.ERROR) {
      return null; // javac reports the missing type
    }
    String wrapped = wrappedAccessor(type);
    if (!scalar(type) && wrapped == null) {
      diagnostics.error(element, Message.TAG_TYPE_UNSUPPORTED, what, elementName, name, type);
      return null;
    }
    return new TagModel(
        name, elementName, TypeName.get(type), type.getKind().isPrimitive(), wrapped);
  }

  /** Whether values of {@code type} are tags as they are. */
  private static boolean scalar(TypeMirror type) {
    if (PRIMITIVES.contains(type.getKind())) {
      return true;
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    return element.getKind() == ElementKind.ENUM
        || SCALARS.contains(element.getQualifiedName().toString());
  }

  /**
   * The accessor of the one component of a record type whose value is a tag as it is (a typed id
   * such as {@code record CourseId(String value)}), or {@code null} if {@code type} is not one.
   */
  private static String wrappedAccessor(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return null;
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    if (element.getKind() != ElementKind.RECORD || !element.getTypeParameters().isEmpty()) {
      return null;
    }
    List<? extends RecordComponentElement> components = ValueTypes.components(element);
    if (components.size() != 1 || !scalar(components.get(0).asType())) {
      return null;
    }
    return components.get(0).getSimpleName().toString();
  }
}
