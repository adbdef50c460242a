package dev.recount.processor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * The build-time schema check: one text file per event topic in the directory named by the
 * {@code recount.schemaDir} option, one line per stored version with the shape it was stored as
 * ({@code 2 (owner: String, currency: String)}). A version whose shape in the code differs from
 * its line is an error at its record; a version without a line gets one appended.
 */
final class SchemaFiles {
  static final String OPTION = "recount.schemaDir";

  private final Path directory;
  private final Diagnostics diagnostics;

  SchemaFiles(Path directory, Diagnostics diagnostics) {
    this.directory = directory;
    this.diagnostics = diagnostics;
  }

  /**
   * Checks the versions of {@code event} (stored under {@code topic}) against its schema file,
   * appending the versions the file does not have yet. {@code versions} maps each version to its
   * record, the current one included.
   */
  void check(TypeElement event, String topic, Map<Integer, TypeElement> versions) {
    Path file = directory.resolve(topic + ".schema");
    try {
      List<String> lines = Files.exists(file)
          ? Files.readAllLines(file, StandardCharsets.UTF_8) : new ArrayList<>();
      Map<Integer, Integer> recorded = new TreeMap<>(); // version -> line index
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        int space = line.indexOf(' ');
        if (line.isEmpty() || line.startsWith("#") || space < 0) {
          continue;
        }
        recorded.put(Integer.parseInt(line.substring(0, space)), i);
      }
      List<String> added = new ArrayList<>();
      boolean changed = false;
      for (Map.Entry<Integer, TypeElement> version : versions.entrySet()) {
        String shape = shape(version.getValue());
        Integer line = recorded.get(version.getKey());
        if (line == null) {
          added.add(version.getKey() + " " + shape);
          continue;
        }
        String stored = lines.get(line).strip().substring(lines.get(line).strip().indexOf(' ') + 1);
        if (!stored.equals(shape)) {
          int current = versions.keySet().stream().mapToInt(Integer::intValue).max().orElse(1);
          diagnostics.error(version.getValue(), Message.SCHEMA_CHANGED, event.getSimpleName(),
              version.getKey(), stored, shape, current + 1, current, version.getKey(),
              line + 1, file);
          changed = true;
        }
      }
      if (!changed && !added.isEmpty()) {
        Files.createDirectories(directory);
        List<String> header = lines.isEmpty() ? List.of(
            "# Shapes of the stored versions of event topic " + topic + ", one line per version.",
            "# Written by recount-processor; commit it. See \"Schema evolution\" in the README.")
            : List.of();
        List<String> all = new ArrayList<>(lines);
        all.addAll(header);
        all.addAll(added);
        Files.write(file, all, StandardCharsets.UTF_8);
      }
    } catch (IOException | RuntimeException e) {
      diagnostics.error(event, Message.SCHEMA_UNREADABLE, file, e);
    }
  }

  /** {@code (name: Type, ...)}, with record types expanded the same way. */
  static String shape(TypeElement record) {
    List<String> components = new ArrayList<>();
    for (RecordComponentElement component : ElementFilter.recordComponentsIn(
        record.getEnclosedElements())) {
      components.add(component.getSimpleName() + ": " + type(component.asType()));
    }
    return "(" + String.join(", ", components) + ")";
  }

  private static String type(TypeMirror type) {
    if (type instanceof ArrayType array) {
      return type(array.getComponentType()) + "[]";
    }
    if (!(type instanceof DeclaredType declared)) {
      return type.toString();
    }
    TypeElement element = (TypeElement) declared.asElement();
    if (element.getKind() == ElementKind.RECORD) {
      return shape(element);
    }
    String name = element.getQualifiedName().toString();
    if (name.startsWith("java.lang.") || name.startsWith("java.util.")
        || name.startsWith("java.time.") || name.startsWith("java.math.")) {
      name = element.getSimpleName().toString();
    }
    if (declared.getTypeArguments().isEmpty()) {
      return name;
    }
    List<String> arguments = new ArrayList<>();
    for (TypeMirror argument : declared.getTypeArguments()) {
      arguments.add(type(argument));
    }
    return name + "<" + String.join(", ", arguments) + ">";
  }
}
