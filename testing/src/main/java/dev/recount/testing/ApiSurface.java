package dev.recount.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public surface of a module's compiled classes, rendered as the Markdown of a golden file
 * (docs/API.md for the runtime, docs/TEST_API.md for recount-test): every public type and every
 * public or protected member of it, by package. A module's surface test compares the file with the
 * classes, so that growing an API is always a visible decision. Reads the classes by reflection,
 * which only tests may do.
 */
public final class ApiSurface {
  private static final Set<String> OBJECT_METHODS = Set.of("equals", "hashCode", "toString");

  private ApiSurface() {}

  /**
   * Fails unless {@code doc} holds the rendering of the module's {@code target/classes}; with
   * {@code -Dapi.update=true}, rewrites it first. The rendering is also written to
   * {@code target/<doc's name>} to compare by hand.
   */
  public static void check(Path doc, String preamble, String regenerate) {
    String actual = render(of(Path.of("target", "classes")), preamble);
    try {
      if (Boolean.getBoolean("api.update")) {
        Files.writeString(doc, actual, StandardCharsets.UTF_8);
      }
      String expected = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
      Path written = Path.of("target", doc.getFileName().toString());
      Files.writeString(written, actual, StandardCharsets.UTF_8);
      assertEquals(
          expected,
          actual,
          doc
              + " differs from the public surface of the compiled classes (the actual surface is in "
              + written + "); if the change is meant, regenerate it with " + regenerate);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Public top-level and nested types by package, from the compiled classes under {@code classes}.
   */
  public static Map<String, List<Class<?>>> of(Path classes) {
    Map<String, List<Class<?>>> byPackage = new TreeMap<>();
    List<String> names;
    try (Stream<Path> files = Files.walk(classes)) {
      names = files
          .map(classes::relativize)
          .map(Path::toString)
          .filter(name -> name.endsWith(".class") && !name.endsWith("package-info.class"))
          .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the classes in " + classes, e);
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (String name : names) {
      Class<?> type;
      try {
        type = Class.forName(name, false, loader);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(
            name + " is in " + classes + " but not on the class path", e);
      }
      if (isVisible(type)) {
        byPackage.computeIfAbsent(type.getPackageName(), p -> new ArrayList<>()).add(type);
      }
    }
    return byPackage;
  }

  private static boolean isVisible(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
      if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isSynthetic()) {
        return false;
      }
    }
    return true;
  }

  public static String render(Map<String, List<Class<?>>> surface, String preamble) {
    StringBuilder out = new StringBuilder(preamble);
    surface.forEach((pkg, types) -> {
      out.append("\n## ").append(pkg).append("\n\n```java\n");
      for (Class<?> type : types) {
        out.append(declaration(type)).append('\n');
        for (String member : members(type)) {
          out.append("  ").append(member).append('\n');
        }
      }
      out.append("```\n");
    });
    return out.toString();
  }

  private static String declaration(Class<?> type) {
    StringBuilder s = new StringBuilder();
    int mods = type.getModifiers();
    String kind = type.isAnnotation()
        ? "@interface"
        : type.isInterface()
            ? "interface"
            : type.isRecord() ? "record" : type.isEnum() ? "enum" : "class";
    if (!type.isInterface() && !type.isRecord() && !type.isEnum()) {
      s.append(Modifier.isAbstract(mods) ? "abstract " : "")
          .append(Modifier.isFinal(mods) ? "final " : "");
    }
    s.append(kind).append(' ').append(name(type)).append(typeParameters(type.getTypeParameters()));
    Type superclass = type.getGenericSuperclass();
    if (superclass != null && !type.isRecord() && !type.isEnum() && superclass != Object.class) {
      s.append(" extends ").append(simple(superclass.getTypeName()));
    }
    Type[] interfaces = type.getGenericInterfaces();
    if (interfaces.length > 0 && !type.isAnnotation()) {
      s.append(type.isInterface() ? " extends " : " implements ")
          .append(Arrays.stream(interfaces)
              .map(t -> simple(t.getTypeName()))
              .collect(Collectors.joining(", ")));
    }
    return s.toString();
  }

  private static List<String> members(Class<?> type) {
    List<String> members = new ArrayList<>();
    for (Field field : type.getDeclaredFields()) {
      if (visible(field.getModifiers()) && !field.isSynthetic()) {
        members.add((field.isEnumConstant() ? "" : modifiers(field.getModifiers(), false))
            + (field.isEnumConstant() ? "" : simple(field.getGenericType().getTypeName()) + " ")
            + field.getName());
      }
    }
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      if (visible(constructor.getModifiers()) && !constructor.isSynthetic() && !type.isEnum()) {
        members.add(modifiers(constructor.getModifiers(), false)
            + typeParameters(constructor.getTypeParameters())
            + name(type)
            + parameters(constructor.getParameters()));
      }
    }
    for (Method method : type.getDeclaredMethods()) {
      if (!visible(method.getModifiers())
          || method.isSynthetic()
          || method.isBridge()
          || (OBJECT_METHODS.contains(method.getName()) && !type.isInterface())) {
        continue;
      }
      String tp = typeParameters(method.getTypeParameters());
      members.add(modifiers(method.getModifiers(), type.isInterface())
          + (method.isDefault() ? "default " : "") + (tp.isEmpty() ? "" : tp + " ")
          + simple(method.getGenericReturnType().getTypeName()) + " " + method.getName()
          + parameters(method.getParameters()));
    }
    members.sort(null);
    return members;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static String modifiers(int mods, boolean inInterface) {
    StringBuilder s = new StringBuilder();
    if (Modifier.isProtected(mods)) {
      s.append("protected ");
    }
    if (Modifier.isStatic(mods)) {
      s.append("static ");
    }
    if (Modifier.isAbstract(mods) && !inInterface) {
      s.append("abstract ");
    }
    if (Modifier.isFinal(mods)) {
      s.append("final ");
    }
    return s.toString();
  }

  private static String parameters(Parameter[] parameters) {
    return Arrays.stream(parameters)
        .map(p -> simple(p.getParameterizedType().getTypeName())
            .replaceAll("\\[]$", p.isVarArgs() ? "..." : "[]"))
        .collect(Collectors.joining(", ", "(", ")"));
  }

  private static String typeParameters(TypeVariable<?>[] variables) {
    if (variables.length == 0) {
      return "";
    }
    return Arrays.stream(variables)
        .map(v -> {
          Type[] bounds = v.getBounds();
          boolean plain = bounds.length == 1 && bounds[0] == Object.class;
          return v.getName()
              + (plain
                  ? ""
                  : " extends "
                      + Arrays.stream(bounds)
                          .map(b -> simple(b.getTypeName()))
                          .collect(Collectors.joining(" & ")));
        })
        .collect(Collectors.joining(", ", "<", ">"));
  }

  private static String name(Class<?> type) {
    return type.getName().substring(type.getPackageName().length() + 1).replace('$', '.');
  }

  /** A type name without package qualifiers: {@code java.util.List<dev.recount.X>} as List<X>. */
  private static String simple(String typeName) {
    return typeName
        .replaceAll("\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*\\.(?=[A-Z])", "")
        .replace('$', '.');
  }
}
