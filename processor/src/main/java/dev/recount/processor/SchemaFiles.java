package dev.recount.processor;

import com.sun.source.util.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The build-time schema check: one text file per event topic ({@code <topic>.schema}) and per
 * aggregate's snapshots ({@code <aggregate>.snapshot.schema}) in the directory named by the
 * {@code recount.schemaDir} option, one line per stored version with the shape it was stored as
 * ({@code 2 (owner: String, currency: String)}). A version whose shape in the code differs from its
 * line is an error at its record (or aggregate); a version without a line gets one appended.
 */
final class SchemaFiles {
  static final String OPTION = "recount.schemaDir";

  private static final String SUFFIX = ".schema";
  private static final String SNAPSHOT_SUFFIX = ".snapshot.schema";
  /** The header line naming the record an event's schema file was first written for. */
  private static final String RECORD = "# Record: ";

  private final Path directory;
  private final Diagnostics diagnostics;

  SchemaFiles(Path directory, Diagnostics diagnostics) {
    this.directory = directory;
    this.diagnostics = diagnostics;
  }

  /** One version's shape in the code, and where to report a change of it. */
  private record Shape(Element at, String text) {}

  /**
   * Reports that {@code version}, recorded as {@code stored} on {@code line}, is now {@code now}.
   */
  private interface ChangeReport {
    void report(
        Element at, int version, String stored, String now, int current, int line, Path file);
  }

  /**
   * Checks the versions of {@code event} (stored under {@code topic}) against its schema file,
   * appending the versions the file does not have yet. {@code versions} maps each version to its
   * record, the current one included.
   */
  void checkEvent(TypeElement event, String topic, Map<Integer, TypeElement> versions) {
    Map<Integer, Shape> shapes = new TreeMap<>();
    versions.forEach((version, record) -> shapes.put(version, new Shape(record, shape(record))));
    check(
        event,
        topic + SUFFIX,
        "event topic " + topic,
        RECORD + event.getQualifiedName(),
        shapes,
        (at, version, stored, now, current, line, file) -> diagnostics.error(
            at,
            Message.SCHEMA_CHANGED,
            event.getSimpleName(),
            version,
            stored,
            now,
            ShapeChange.describe(stored, now),
            current + 1,
            current,
            version,
            line,
            file));
  }

  /**
   * Checks the snapshot shapes of {@code aggregate} (whose topic is {@code topic}) against its
   * snapshot schema file: the captured {@code fields} as version {@code current}, and each
   * {@code @SnapshotVersion} record it declares. Values are listed by name, the order snapshots do
   * not depend on.
   */
  void checkSnapshot(
      TypeElement aggregate, String topic, int current, List<VariableElement> fields) {
    Map<Integer, Shape> shapes = new TreeMap<>();
    SnapshotVersions.declared(aggregate)
        .forEach((version, record) -> shapes.put(
            version,
            new Shape(
                record, byName(ElementFilter.recordComponentsIn(record.getEnclosedElements())))));
    shapes.put(current, new Shape(aggregate, byName(fields)));
    check(
        aggregate,
        topic + SNAPSHOT_SUFFIX,
        "the snapshots of " + topic,
        null,
        shapes,
        (at, version, stored, now, latest, line, file) -> diagnostics.error(
            at,
            Message.SNAPSHOT_SCHEMA_CHANGED,
            aggregate.getSimpleName(),
            version,
            stored,
            now,
            ShapeChange.describe(stored, now),
            latest + 1,
            latest,
            latest,
            latest,
            version,
            line,
            file));
  }

  private void check(
      Element owner,
      String fileName,
      String what,
      String recordLine,
      Map<Integer, Shape> shapes,
      ChangeReport changed) {
    Path file = directory.resolve(fileName);
    try {
      List<String> lines =
          Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : new ArrayList<>();
      Map<Integer, Integer> recorded = new TreeMap<>(); // version -> line index
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        int space = line.indexOf(' ');
        if (line.isEmpty() || line.startsWith("#") || space < 0) {
          continue;
        }
        recorded.put(Integer.parseInt(line.substring(0, space)), i);
      }
      int current = shapes.keySet().stream().mapToInt(Integer::intValue).max().orElse(1);
      List<String> added = new ArrayList<>();
      boolean anyChanged = false;
      for (Map.Entry<Integer, Shape> version : shapes.entrySet()) {
        String shape = version.getValue().text();
        Integer line = recorded.get(version.getKey());
        if (line == null) {
          added.add(version.getKey() + " " + shape);
          continue;
        }
        String entry = lines.get(line).strip();
        String stored = entry.substring(entry.indexOf(' ') + 1);
        if (!stored.equals(shape)) {
          changed.report(
              version.getValue().at(), version.getKey(), stored, shape, current, line + 1, file);
          anyChanged = true;
        }
      }
      if (!anyChanged && !added.isEmpty()) {
        Files.createDirectories(directory);
        List<String> header = new ArrayList<>();
        if (lines.isEmpty()) {
          header.add("# Shapes of the stored versions of " + what + ", one line per version.");
          header.add(
              "# Written by recount-processor; commit it. See \"Schema evolution\" in the README.");
          if (recordLine != null) {
            header.add(recordLine);
          }
        }
        List<String> all = new ArrayList<>(lines);
        all.addAll(header);
        all.addAll(added);
        Files.write(file, all, StandardCharsets.UTF_8);
      }
    } catch (IOException | RuntimeException e) {
      diagnostics.error(owner, Message.SCHEMA_UNREADABLE, file, e);
    }
  }

  /**
   * Reports each event schema file whose topic no event of this compilation has, neither as its
   * topic nor as an alias: the event was renamed or moved without keeping its topic, and what was
   * stored under it could not be read any more. Run after the last round, and only if nothing else
   * was wrong (an invalid event claims no topic).
   *
   * <p>A compilation may see only some sources (an incremental build, another module sharing the
   * directory), so a file is only reported when its record, named by its {@code # Record:} line
   * (or, in files written before that line, by the topic as a class name), is either gone or has
   * another topic in this compilation. One whose record is on the class path but not compiled now
   * is left alone.
   */
  void checkOrphans(TopicValidator topics, ProcessingEnvironment env) {
    Elements elements = env.getElementUtils();
    Predicate<TypeElement> inSources = sourcesOf(env);
    List<Path> files;
    try (Stream<Path> listed = Files.isDirectory(directory) ? Files.list(directory) : Stream.of()) {
      files = listed
          .filter(file -> file.getFileName().toString().endsWith(SUFFIX)
              && !file.getFileName().toString().endsWith(SNAPSHOT_SUFFIX))
          .sorted()
          .toList();
    } catch (IOException | RuntimeException e) {
      diagnostics.error(Message.SCHEMA_UNREADABLE, directory, e);
      return;
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      String topic = name.substring(0, name.length() - SUFFIX.length());
      if (topics.claimed(topic)) {
        continue;
      }
      String record;
      try {
        record = recordOf(file, topic);
      } catch (IOException | RuntimeException e) {
        diagnostics.error(Message.SCHEMA_UNREADABLE, file, e);
        continue;
      }
      String now = topics.topicOf(record);
      TypeElement type = elements.getTypeElement(record);
      if (now == null && type != null && !inSources.test(type)) {
        continue; // on the class path, not compiled now: its own compilation checks it
      }
      String fate = now != null
          ? record + " is now stored as '" + now + "'"
          : type != null ? record + " is no @Event any more" : record + " is gone";
      Element at = type != null ? type : enclosingType(record, elements);
      if (at == null) {
        diagnostics.error(Message.SCHEMA_ORPHAN, topic, file, fate, topic, topic, file);
      } else {
        diagnostics.error(at, Message.SCHEMA_ORPHAN, topic, file, fate, topic, topic, file);
      }
    }
  }

  /**
   * Whether a type comes from the sources of this compilation, rather than from the class path:
   * javac has its tree. Outside javac, nothing is known to be a source, so files of types still on
   * the class path are left alone.
   */
  private static Predicate<TypeElement> sourcesOf(ProcessingEnvironment env) {
    try {
      Trees trees = Trees.instance(env);
      return type -> trees.getPath(type) != null;
    } catch (IllegalArgumentException notJavac) {
      return type -> false;
    }
  }

  /** The record {@code file} was written for: its {@code # Record:} line, else the topic. */
  private static String recordOf(Path file, String topic) throws IOException {
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.startsWith(RECORD)) {
        return line.substring(RECORD.length()).strip();
      }
    }
    return topic;
  }

  /**
   * The innermost type of this compilation or class path that encloses {@code record}, such as the
   * aggregate of a nested event, to report at; {@code null} if there is none.
   */
  private static TypeElement enclosingType(String record, Elements elements) {
    for (int dot = record.lastIndexOf('.'); dot > 0; dot = record.lastIndexOf('.', dot - 1)) {
      TypeElement type = elements.getTypeElement(record.substring(0, dot));
      if (type != null) {
        return type;
      }
    }
    return null;
  }

  /** {@code (name: Type, ...)} of fields or record components, sorted by name. */
  private static String byName(List<? extends Element> values) {
    List<String> described = new ArrayList<>();
    values.stream()
        .sorted(Comparator.comparing(value -> value.getSimpleName().toString()))
        .forEach(value -> described.add(value.getSimpleName() + ": " + type(value.asType())));
    return "(" + String.join(", ", described) + ")";
  }

  /** {@code (name: Type, ...)}, with record types expanded the same way. */
  static String shape(TypeElement record) {
    List<String> components = new ArrayList<>();
    for (RecordComponentElement component :
        ElementFilter.recordComponentsIn(record.getEnclosedElements())) {
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
    if (name.startsWith("java.lang.")
        || name.startsWith("java.util.")
        || name.startsWith("java.time.")
        || name.startsWith("java.math.")) {
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
