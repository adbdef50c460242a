package dev.recount.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import javax.annotation.processing.Filer;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Writes generated types: adds {@code @Generated} (source-retained, for readers) and
 * {@code @RecountGenerated} (class-retained, for tools), the originating element, and refuses to
 * overwrite a hand-written type of the same name, or one it generated earlier for another source
 * (a nested {@code Account.Opened} and a top-level {@code Account_Opened} share a codec name).
 */
final class SourceWriter {
  private static final ClassName JDK_GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");

  private final Filer filer;
  private final Elements elements;
  private final Diagnostics diagnostics;
  /** The types written in this compilation (all rounds), by name, with what they came from. */
  private final Map<String, String> written = new HashMap<>();

  SourceWriter(Filer filer, Elements elements, Diagnostics diagnostics) {
    this.filer = filer;
    this.elements = elements;
    this.diagnostics = diagnostics;
  }

  /**
   * Writes {@code type}, generated from {@code source} (the origin itself, or a type nested in it),
   * unless its name is taken; a clash is reported at {@code source}.
   *
   * @return whether the type was written (if not, an error was reported)
   */
  boolean write(ClassName name, TypeSpec.Builder type, TypeElement origin, TypeElement source) {
    String earlier =
        written.putIfAbsent(name.canonicalName(), source.getQualifiedName().toString());
    if (earlier != null) {
      diagnostics.error(source, Message.GENERATED_NAME_CLASH, name.canonicalName(),
          "the type of that name generated for " + earlier, source.getSimpleName());
      return false;
    }
    TypeElement existing = elements.getTypeElement(name.canonicalName());
    if (existing != null && !Annotations.has(existing, Names.RECOUNT_GENERATED.canonicalName())) {
      diagnostics.error(source, Message.GENERATED_NAME_CLASH, name.canonicalName(),
          "an existing type of that name", source.getSimpleName());
      return false;
    }
    type.addOriginatingElement(origin)
        .addAnnotation(AnnotationSpec.builder(JDK_GENERATED)
            .addMember("value", "$S", RecountProcessor.class.getCanonicalName())
            .addMember("comments", "$S", "from " + origin.getQualifiedName())
            .build())
        .addAnnotation(Names.RECOUNT_GENERATED)
        .alwaysQualify(typesOfPackage(name.packageName()));
    JavaFile file = JavaFile.builder(name.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("    ")
        .build();
    try {
      file.writeTo(filer);
      return true;
    } catch (IOException e) {
      diagnostics.error(source, Message.COULD_NOT_WRITE, name.canonicalName(), e.getMessage());
      return false;
    }
  }

  /**
   * The simple names of the types in {@code packageName}: within the package they hide types of
   * the same name that generated code refers to (a user's {@code Override} or {@code List}), so
   * those are written fully qualified.
   */
  private String[] typesOfPackage(String packageName) {
    PackageElement element = elements.getPackageElement(packageName);
    if (element == null) {
      return new String[0];
    }
    return ElementFilter.typesIn(element.getEnclosedElements()).stream()
        .map(type -> type.getSimpleName().toString())
        .toArray(String[]::new);
  }
}
