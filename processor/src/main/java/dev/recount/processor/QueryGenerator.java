package dev.recount.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.recount.processor.Models.EventModel;
import dev.recount.processor.Models.TagModel;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Generates {@code <Event>Query} for a tagged or standalone event: the typed way to select its
 * events. It has a static method per tag, taking the tag's component type, and an {@code and}
 * method per tag to require one more; a tag the event does not declare, or a value of another type,
 * does not compile. The items are combined with {@code or}, inherited from the runtime's
 * {@code EventQuery}.
 */
final class QueryGenerator implements Generator<EventModel> {
  /** Whether {@code model} gets a query: standalone events, and events that declare tags. */
  static boolean applies(EventModel model) {
    return model.standalone() || !model.tags().isEmpty();
  }

  /** The name of the instance method that requires {@code tag} too: {@code andCourse}. */
  static String and(TagModel tag) {
    return "and" + tag.name().substring(0, 1).toUpperCase(Locale.ROOT)
        + tag.name().substring(1);
  }

  @Override
  public ClassName name(EventModel model) {
    return model.query();
  }

  @Override
  public TypeSpec.Builder generate(EventModel model) {
    ClassName self = model.query();
    String simple = String.join(".", model.event().simpleNames());
    TypeName strings = ParameterizedTypeName.get(Set.class, String.class);
    CodeBlock.Builder types = CodeBlock.builder().add("$T.TOPIC", model.codec());
    for (String alias : model.aliases()) {
      types.add(",$W$S", alias);
    }
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .superclass(Names.EVENT_QUERY)
        .addJavadoc(
            "Selects {@link $T} events by their tags, for a Dynamic Consistency Boundary.\n",
            model.event())
        .addJavadoc(
            "Start with {@link #all()}$L; combine items with {@code or}.\n\n",
            model.tags().isEmpty() ? "" : " or a tag's method")
        .addJavadoc("<p>Generated from {@link $T}; do not edit.\n", model.event())
        .addField(
            FieldSpec.builder(strings, "TYPES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(
                    "The topic of {@code $L}$L.\n",
                    simple,
                    model.aliases().isEmpty() ? "" : ", and the aliases it was stored under")
                .initializer("$T.of($L)", Set.class, types.build())
                .build())
        .addFields(
            model.tags().isEmpty()
                ? List.of()
                : List.of(FieldSpec.builder(
                        String.class, "WHERE", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("Names the query in the error for a tag value that is null.\n")
                    .initializer("$S", "a query of " + simple)
                    .build()))
        .addMethod(MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PRIVATE)
            .addParameter(strings, "tags")
            .addStatement("super(TYPES, tags)")
            .build())
        .addMethod(MethodSpec.methodBuilder("all")
            .addJavadoc("Every {@code $L} event, whatever its tags.\n", simple)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(self)
            .addStatement("return new $T($T.of())", self, Set.class)
            .build());
    for (TagModel tag : model.tags()) {
      String and = and(tag);
      type.addMethod(MethodSpec.methodBuilder(tag.name())
          .addJavadoc(
              "The {@code $L} events tagged {@code $L:} and the value of\n{@code $L}.\n\n",
              simple,
              tag.name(),
              tag.element())
          .addJavadoc("@throws IllegalArgumentException if {@code $L} is null\n", tag.element())
          .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
          .returns(self)
          .addParameter(tag.type(), tag.element())
          .addStatement("return all().$L($L)", and, tag.element())
          .build());
      type.addMethod(MethodSpec.methodBuilder(and)
          .addJavadoc(
              "These events, if also tagged {@code $L:} and the value of\n{@code $L}.\n\n",
              tag.name(),
              tag.element())
          .addJavadoc("@throws IllegalArgumentException if {@code $L} is null\n", tag.element())
          .addModifiers(Modifier.PUBLIC)
          .returns(self)
          .addParameter(tag.type(), tag.element())
          .addStatement(
              "return new $T($L($L))",
              self,
              RuntimeMethod.QUERY_WITH_TAG.method(),
              TagCode.tag(tag, tag.element(), CodeBlock.of("WHERE")))
          .build());
    }
    return type;
  }
}
