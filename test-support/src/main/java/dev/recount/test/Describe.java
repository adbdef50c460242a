package dev.recount.test;

import java.util.List;
import java.util.Objects;

/** The text of failure messages: events one per line, with a marker on the first difference. */
final class Describe {
  /** Marks the line where the expected and the actual events first differ. */
  static final String MARKER = "> ";

  private static final String PLAIN = "  ";

  private Describe() {}

  /**
   * An event as its {@code toString} shows it, with the names of the types it is nested in:
   * {@code World.SomethingHappened[what=trucks]} rather than a record's bare
   * {@code SomethingHappened[what=trucks]}, so that events of the same simple name stay apart.
   */
  static String event(Object event) {
    if (event == null) {
      return "null";
    }
    String text = String.valueOf(event);
    String simple = event.getClass().getSimpleName();
    String local = localName(event.getClass());
    return !simple.isEmpty() && text.startsWith(simple + "[")
        ? local + text.substring(simple.length())
        : text;
  }

  /** A class's name without its package: {@code World.Created} for a nested record. */
  static String localName(Class<?> type) {
    if (type.isLocalClass() || type.isAnonymousClass()) {
      return type.getSimpleName(); // its binary name holds a number, such as Test$1Stranger
    }
    String name = type.getName();
    String pkg = type.getPackageName();
    return (pkg.isEmpty() ? name : name.substring(pkg.length() + 1)).replace('$', '.');
  }

  /** The number of events, in words: "no events", "1 event", "3 events". */
  static String count(int events) {
    return events == 0 ? "no events" : events == 1 ? "1 event" : events + " events";
  }

  /**
   * The events one per line, numbered from 1, the line at {@code marked} (0-based) marked; a
   * {@code marked} past the end marks a line that says no event is there.
   */
  static String listing(List<?> events, int marked) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < events.size(); i++) {
      line(text, i == marked, i, event(events.get(i)));
    }
    if (marked >= events.size()) {
      line(text, true, marked, "(no event)");
    }
    return text.toString();
  }

  /** The events one per line, numbered from 1, none marked. */
  static String listing(List<?> events) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < events.size(); i++) {
      line(text, false, i, event(events.get(i)));
    }
    return text.toString();
  }

  private static void line(StringBuilder text, boolean marked, int index, String event) {
    if (text.length() > 0) {
      text.append('\n');
    }
    text.append(marked ? MARKER : PLAIN)
        .append('#')
        .append(index + 1)
        .append(' ')
        .append(event);
  }

  /** The index of the first difference between the two lists, or -1 if they are equal. */
  static int firstDifference(List<?> expected, List<?> actual) {
    int common = Math.min(expected.size(), actual.size());
    for (int i = 0; i < common; i++) {
      if (!Objects.equals(expected.get(i), actual.get(i))) {
        return i;
      }
    }
    return expected.size() == actual.size() ? -1 : common;
  }
}
