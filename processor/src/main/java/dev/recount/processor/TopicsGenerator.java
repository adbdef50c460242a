package dev.recount.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.recount.processor.Models.AggregateModel;
import dev.recount.processor.Models.Handler;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Generates {@code <Aggregate>Topics}: a public constant per event with the topic it is stored
 * under, and {@code ALL}, for what users filter by: {@code NotificationLog.select}, the topics of a
 * pipe, a {@code switch} on a notification's topic. The codecs' {@code TOPIC} is the same value but
 * belongs to the generated machinery.
 */
final class TopicsGenerator implements Generator<AggregateModel> {
  /** The name of the set of all topics; an event whose constant would be named so gets another. */
  static final String ALL = "ALL";

  @Override
  public ClassName name(AggregateModel model) {
    return model.topics();
  }

  @Override
  public TypeSpec.Builder generate(AggregateModel model) {
    NameAllocator names = new NameAllocator();
    names.newName(ALL, ALL);
    TypeSpec.Builder type = TypeSpec.classBuilder(model.topics())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc(
            "The topics the events of {@link $T} are stored under: to select them\n"
                + "from a notification log, to pipe only some of them to a follower, or to\n"
                + "switch on {@code Notification.topic()}.\n\n",
            model.aggregate())
        .addJavadoc("<p>Generated from {@link $T}; do not edit.\n", model.aggregate());
    CodeBlock.Builder all = CodeBlock.builder();
    for (int i = 0; i < model.handlers().size(); i++) {
      Handler handler = model.handlers().get(i);
      String constant = names.newName(constantName(handler.event().simpleName()), handler);
      all.add(i == 0 ? "$L" : ",$W$L", constant);
      FieldSpec.Builder field = FieldSpec.builder(
              String.class, constant, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("The topic of {@link $T} events: {@value}.", handler.event())
          .initializer("$T.TOPIC", handler.codec());
      if (!handler.aliases().isEmpty()) {
        field.addJavadoc(
            " Events stored before a rename\ncarry one of its aliases, $L; {@link #$L} has them"
                + " too.",
            "\"" + String.join("\", \"", handler.aliases()) + "\"",
            ALL);
        for (String alias : handler.aliases()) {
          all.add(",$W$S", alias);
        }
      }
      type.addField(field.addJavadoc("\n").build());
    }
    return type.addField(FieldSpec.builder(
                ParameterizedTypeName.get(Set.class, String.class),
                ALL,
                Modifier.PUBLIC,
                Modifier.STATIC,
                Modifier.FINAL)
            .addJavadoc(
                "Every topic the events of {@code $L} are stored under, aliases included;\n"
                    + "not {@link $T#TOPIC}, which all aggregates' discards share.\n",
                model.aggregate().simpleName(),
                Names.DISCARDED)
            .initializer("$Z$T.of($L)", Set.class, all.build())
            .build())
        .addMethod(
            MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
  }

  /**
   * {@code SomethingHappened} as {@code SOMETHING_HAPPENED}, {@code HTTPCallMade} as
   * {@code HTTP_CALL_MADE}.
   */
  static String constantName(String simpleName) {
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < simpleName.length(); i++) {
      char c = simpleName.charAt(i);
      boolean wordStarts = i > 0
          && Character.isUpperCase(c)
          && (!Character.isUpperCase(simpleName.charAt(i - 1))
              || (i + 1 < simpleName.length() && Character.isLowerCase(simpleName.charAt(i + 1))));
      if (wordStarts && simpleName.charAt(i - 1) != '_') {
        name.append('_');
      }
      name.append(c);
    }
    return name.toString().toUpperCase(Locale.ROOT);
  }
}
