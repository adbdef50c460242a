package dev.recount.processor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Says what changed between two shapes as the schema files write them, {@code (name: Type, other:
 * (nested: Type))}: the components added, removed, or of another type, or that only their order
 * differs.
 */
final class ShapeChange {
  private ShapeChange() {}

  static String describe(String stored, String now) {
    Map<String, String> before = components(stored);
    Map<String, String> after = components(now);
    List<String> changes = new ArrayList<>();
    after.forEach((name, type) -> {
      String old = before.get(name);
      if (old == null) {
        changes.add("added " + name + ": " + type);
      } else if (!old.equals(type)) {
        changes.add(name + " changed from " + old + " to " + type);
      }
    });
    before.keySet().stream()
        .filter(name -> !after.containsKey(name))
        .forEach(name -> changes.add("removed " + name));
    return changes.isEmpty() ? "the components changed order" : String.join("; ", changes);
  }

  /** The top-level components of {@code shape}, name to type, in order. */
  private static Map<String, String> components(String shape) {
    Map<String, String> components = new LinkedHashMap<>();
    String inner = shape.startsWith("(") && shape.endsWith(")")
        ? shape.substring(1, shape.length() - 1)
        : shape;
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= inner.length(); i++) {
      char c = i < inner.length() ? inner.charAt(i) : ',';
      if (c == '(' || c == '<') {
        depth++;
      } else if (c == ')' || c == '>') {
        depth--;
      } else if (c == ',' && depth == 0) {
        String component = inner.substring(start, i).strip();
        int colon = component.indexOf(':');
        if (colon > 0) {
          components.put(
              component.substring(0, colon).strip(),
              component.substring(colon + 1).strip());
        }
        start = i + 1;
      }
    }
    return components;
  }
}
