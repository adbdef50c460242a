package dev.recount.dcb;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Which events a decision depends on: the events that match at least one of its items (the items
 * are combined with OR). A query has at least one item; {@link #all()} matches every event.
 *
 * <pre>{@code
 * Query.of(
 *     QueryItem.types("CourseDefined", "CourseCapacityChanged").withTags("course:c1"),
 *     QueryItem.types("StudentSubscribed").withTags("student:s7"))
 * }</pre>
 *
 * @param items the items, at least one
 */
public record Query(List<QueryItem> items) {
  private static final Query ALL = new Query(List.of(new QueryItem(Set.of(), Set.of())));

  public Query {
    items = List.copyOf(items);
    if (items.isEmpty()) {
      throw new IllegalArgumentException(
          "a query needs at least one item; Query.all() matches every event");
    }
  }

  /** The events matching any of {@code items}. */
  public static Query of(QueryItem... items) {
    return new Query(Arrays.asList(items));
  }

  /** Every event: one item with no types and no tags. */
  public static Query all() {
    return ALL;
  }

  /** This query with one more item, OR-ed. */
  public Query or(QueryItem item) {
    QueryItem[] more = items.toArray(new QueryItem[items.size() + 1]);
    more[items.size()] = item;
    return of(more);
  }

  /** Whether some item matches every event, as {@link #all()} does. */
  public boolean matchesAll() {
    for (QueryItem item : items) {
      if (item.types().isEmpty() && item.tags().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Whether an event of {@code type} carrying {@code tags} matches some item. */
  public boolean matches(String type, Set<String> tags) {
    for (QueryItem item : items) {
      if (item.matches(type, tags)) {
        return true;
      }
    }
    return false;
  }
}
