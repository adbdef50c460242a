package dev.recount.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeSpec;

/**
 * Generates one type from a model; {@link SourceWriter} adds what every generated type has and
 * writes it.
 *
 * @param <M> the model the type is generated from
 */
interface Generator<M> {
  /** The name of the generated type. */
  ClassName name(M model);

  /** The generated type, without the annotations and origin that the writer adds. */
  TypeSpec.Builder generate(M model);
}
