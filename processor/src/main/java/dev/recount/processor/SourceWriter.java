package dev.recount.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Filer;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.tools.JavaFileObject;

/**
 * Writes generated types: adds {@code @Generated} (source-retained, for readers) and
 * {@code @RecountGenerated} (class-retained, for tools), the originating element, and refuses to
 * overwrite a hand-written type of the same name, or one it generated earlier for another source (a
 * nested {@code Account.Opened} and a top-level {@code Account_Opened} share a codec name).
 */
final class SourceWriter {
  private static final ClassName JDK_GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");

  /** The longest line that generated code should have. */
  static final int COLUMNS = 100;

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
      diagnostics.error(
          source,
          Message.GENERATED_NAME_CLASH,
          name.canonicalName(),
          "the type of that name generated for " + earlier,
          source.getSimpleName());
      return false;
    }
    TypeElement existing = elements.getTypeElement(name.canonicalName());
    if (existing != null && !Annotations.has(existing, Names.RECOUNT_GENERATED.canonicalName())) {
      diagnostics.error(
          source,
          Message.GENERATED_NAME_CLASH,
          name.canonicalName(),
          "an existing type of that name",
          source.getSimpleName());
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
      JavaFileObject generated = filer.createSourceFile(name.canonicalName(), origin);
      try (Writer out = generated.openWriter()) {
        out.write(tidy(file.toString()));
      }
      return true;
    } catch (IOException e) {
      diagnostics.error(source, Message.COULD_NOT_WRITE, name.canonicalName(), e.getMessage());
      return false;
    }
  }

  /**
   * {@code source} without trailing spaces (javapoet leaves one where it wraps an initializer), and
   * with a type declaration longer than {@value #COLUMNS} columns broken before its
   * {@code implements} or {@code extends}, which javapoet does not wrap.
   */
  static String tidy(String source) {
    StringBuilder tidy = new StringBuilder(source.length());
    for (String line : source.split("\n", -1)) {
      String stripped = line.stripTrailing();
      if (stripped.length() > COLUMNS && stripped.endsWith(" {")) {
        String indent =
            stripped.substring(0, stripped.length() - stripped.stripLeading().length());
        for (String keyword : List.of(" implements ", " extends ")) {
          int at = stripped.indexOf(keyword);
          if (at > 0) {
            tidy.append(stripped, 0, at)
                .append('\n')
                .append(indent)
                .append(" ".repeat(8))
                .append(stripped.substring(at + 1))
                .append('\n');
            stripped = null;
            break;
          }
        }
      }
      if (stripped != null) {
        tidy.append(stripped).append('\n');
      }
    }
    return tidy.substring(0, tidy.length() - 1);
  }

  /**
   * The simple names of the types in {@code packageName}: within the package they hide types of the
   * same name that generated code refers to (a user's {@code Override} or {@code List}), so those
   * are written fully qualified.
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
