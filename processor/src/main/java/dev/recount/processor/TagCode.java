package dev.recount.processor;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.recount.processor.Models.EventModel;
import dev.recount.processor.Models.TagModel;
import java.util.Set;

/**
 * Writes the code that turns a typed tag value into the store's {@code name:value} text, shared by
 * the codecs (the tags of an event) and the queries (the tags they select), so both write the same
 * text through the runtime's {@code TagValues.tag}.
 */
final class TagCode {
  static final TypeName STRINGS = ParameterizedTypeName.get(Set.class, String.class);

  private TagCode() {}

  /**
   * {@code TagValues.tag("name", value, where)}, for {@code value} a simple name (a parameter or
   * local) holding the tag's typed value.
   */
  static CodeBlock tag(TagModel tag, String value, CodeBlock where) {
    CodeBlock text = tag.wrapped() == null
        ? CodeBlock.of("$L", value)
        : CodeBlock.of("$L == null ? null : $L.$L()", value, value, tag.wrapped());
    return RuntimeMethod.TAG.call("$S,$W$L,$W$L", tag.name(), text, where);
  }

  /** The codec's {@code tags(event)}: the event's tags. */
  static MethodSpec codecTags(EventModel model) {
    NameAllocator names = new NameAllocator();
    names.newName("event", "event");
    CodeBlock.Builder body = CodeBlock.builder();
    CodeBlock.Builder list = CodeBlock.builder();
    for (int i = 0; i < model.tags().size(); i++) {
      TagModel tag = model.tags().get(i);
      String local = names.newName(tag.element(), tag);
      body.addStatement("$T $L = event.$L()", tag.type(), local, tag.element());
      list.add(i == 0 ? "\n$L" : ",\n$L", tag(tag, local, CodeBlock.of("$S + TOPIC", "event ")));
    }
    body.addStatement("return $T.of($L)", Set.class, list.build());
    return MutatorGenerator.override(RuntimeMethod.CODEC_TAGS, STRINGS)
        .addParameter(model.event(), "event")
        .addCode(body.build())
        .build();
  }
}
