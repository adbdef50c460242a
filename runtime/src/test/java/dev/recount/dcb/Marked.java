package dev.recount.dcb;

import java.util.Set;

/** A test event of type {@link #TOPIC} whose tags are its own component. */
public record Marked(String label, Set<String> tags) {
  static final String TOPIC = "dcb.Marked";

  static Marked of(String label, String... tags) {
    return new Marked(label, Set.of(tags));
  }
}
