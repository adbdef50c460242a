package dev.recount.dcb;

import java.util.Arrays;
import java.util.Set;

/**
 * One item of a {@link Query}: an event matches it when its type is one of {@link #types} (any type
 * if empty) and its tags include every one of {@link #tags} (any tags if empty). An item with
 * neither matches every event.
 *
 * @param types event types (topics), any one of which matches; empty for any type
 * @param tags tags that a matching event must all carry; empty for any tags
 */
public record QueryItem(Set<String> types, Set<String> tags) {
  public QueryItem {
    types = Set.copyOf(types); // also refuses null elements
    tags = Set.copyOf(tags);
    for (String type : types) {
      if (type.isEmpty()) {
        throw new IllegalArgumentException("a query item's type is empty");
      }
    }
    for (String tag : tags) {
      if (tag.isEmpty()) {
        throw new IllegalArgumentException("a query item's tag is empty");
      }
    }
  }

  /** The events of any of these types, whatever their tags. */
  public static QueryItem types(String... types) {
    return new QueryItem(Set.copyOf(Arrays.asList(types)), Set.of());
  }

  /** The events carrying all of these tags, whatever their type. */
  public static QueryItem tags(String... tags) {
    return new QueryItem(Set.of(), Set.copyOf(Arrays.asList(tags)));
  }

  /** This item, further restricted to events that also carry all of {@code more}. */
  public QueryItem withTags(String... more) {
    Set<String> all = new java.util.HashSet<>(tags);
    all.addAll(Arrays.asList(more));
    return new QueryItem(types, all);
  }

  /** Whether an event of {@code type} carrying {@code eventTags} matches this item. */
  public boolean matches(String type, Set<String> eventTags) {
    return (types.isEmpty() || types.contains(type)) && eventTags.containsAll(tags);
  }
}
