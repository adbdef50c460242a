package dev.recount.processor;

import javax.lang.model.element.Element;

/**
 * What a validator made of an element: a model to generate from, an element whose errors were
 * reported, or one that refers to a type that is not there yet and is tried again next round.
 */
sealed interface Validation<T> {

  /** The element is valid; {@code model} is what the generators need. */
  record Valid<T>(T model) implements Validation<T> {}

  /** The element has errors, already reported at their elements (or at another element's). */
  record Invalid<T>() implements Validation<T> {}

  /** The element refers to a type not generated yet; {@code element} waits for the next round. */
  record NotReady<T>(Element element) implements Validation<T> {}

  static <T> Validation<T> valid(T model) {
    return new Valid<>(model);
  }

  static <T> Validation<T> invalid() {
    return new Invalid<>();
  }

  static <T> Validation<T> notReady(Element element) {
    return new NotReady<>(element);
  }
}
