package dev.recount.processor;

import dev.recount.processor.ValueTypes.Component;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;

/** Reads the components of a stored record (an event, or an old shape), reporting bad types. */
final class RecordComponents {
  private final Diagnostics diagnostics;

  RecordComponents(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /**
   * The components of {@code record}, reporting each of a type we cannot store at the component;
   * {@code null} if one's type is missing (javac reports that).
   *
   * @param what names the record in errors, such as {@code @Event Opened}
   */
  List<Component> read(TypeElement record, String what, ValueTypes types) {
    List<Component> components = new ArrayList<>();
    for (RecordComponentElement component : ValueTypes.components(record)) {
      if (component.asType().getKind() == TypeKind.ERROR) {
        return null;
      }
      ValueType type = types.classify(component.asType());
      if (type == null) {
        diagnostics.error(
            component,
            Message.UNSUPPORTED_TYPE,
            "component '" + component.getSimpleName() + "' of " + what,
            EventValidator.describe(component.asType().toString(), types));
        continue;
      }
      components.add(new Component(
          component.getSimpleName().toString(),
          type,
          component.asType().getKind().isPrimitive()));
    }
    return components;
  }
}
