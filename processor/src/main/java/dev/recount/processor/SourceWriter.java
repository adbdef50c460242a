package dev.recount.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import java.io.IOException;
import javax.annotation.processing.Filer;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Writes generated types: adds {@code @Generated} (source-retained, for readers) and
 * {@code @RecountGenerated} (class-retained, for tools), the originating element, and refuses to
 * overwrite a hand-written type of the same name.
 */
final class SourceWriter {
  private static final ClassName JDK_GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");

  private final Filer filer;
  private final Elements elements;
  private final Diagnostics diagnostics;

  SourceWriter(Filer filer, Elements elements, Diagnostics diagnostics) {
    this.filer = filer;
    this.elements = elements;
    this.diagnostics = diagnostics;
  }

  void write(ClassName name, TypeSpec.Builder type, TypeElement origin) {
    TypeElement existing = elements.getTypeElement(name.canonicalName());
    if (existing != null && !Annotations.has(existing, Names.RECOUNT_GENERATED.canonicalName())) {
      diagnostics.error(origin, Message.GENERATED_NAME_CLASH, name.canonicalName(),
          origin.getSimpleName());
      return;
    }
    type.addOriginatingElement(origin)
        .addAnnotation(AnnotationSpec.builder(JDK_GENERATED)
            .addMember("value", "$S", RecountProcessor.class.getCanonicalName())
            .addMember("comments", "$S", "from " + origin.getQualifiedName())
            .build())
        .addAnnotation(Names.RECOUNT_GENERATED);
    JavaFile file = JavaFile.builder(name.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("    ")
        .build();
    try {
      file.writeTo(filer);
    } catch (IOException e) {
      diagnostics.error(origin, Message.COULD_NOT_WRITE, name.canonicalName(), e.getMessage());
    }
  }
}
