package dev.recount.dcb;

import java.util.Set;

/** A second test event type, {@link #TOPIC}, tagged like {@link Marked}. */
public record Other(String label, Set<String> tags) {
  static final String TOPIC = "dcb.Other";

  static Other of(String label, String... tags) {
    return new Other(label, Set.of(tags));
  }
}
