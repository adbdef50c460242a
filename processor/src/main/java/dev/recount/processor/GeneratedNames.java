package dev.recount.processor;

import com.palantir.javapoet.ClassName;

/** Generated types are top-level siblings named after the source type's nesting: World_Mutator. */
final class GeneratedNames {
  private GeneratedNames() {}

  static ClassName sibling(ClassName source, String suffix) {
    return ClassName.get(source.packageName(), String.join("_", source.simpleNames()) + suffix);
  }
}
