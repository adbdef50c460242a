package dev.recount.processor;

import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/** Reads our annotations by name, through mirrors: the processor never loads their classes. */
final class Annotations {
  private Annotations() {}

  static AnnotationMirror find(Element element, String annotation) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(annotation)) {
        return mirror;
      }
    }
    return null;
  }

  static boolean has(Element element, String annotation) {
    return find(element, annotation) != null;
  }

  /**
   * The explicitly given value of {@code member}, or {@code null} if it was left at its default.
   */
  static Object value(Element element, String annotation, String member) {
    AnnotationValue value = annotationValue(element, annotation, member);
    return value == null ? null : value.getValue();
  }

  /**
   * The explicitly given {@code member} of {@code annotation} on {@code element}, to report errors
   * at; {@code null} if it was left at its default.
   */
  static AnnotationValue annotationValue(Element element, String annotation, String member) {
    AnnotationMirror mirror = find(element, annotation);
    if (mirror == null) {
      return null;
    }
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        mirror.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(member)) {
        return entry.getValue();
      }
    }
    return null;
  }
}
