package dev.recount.dcb;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link Query} built from event types and typed tags, checked by javac. The processor generates
 * a subclass per tagged or standalone {@code @Event}, {@code StudentSubscribedQuery} for
 * {@code StudentSubscribed}, with a method per tag taking the tag's type; items are combined with
 * {@link #or}.
 *
 * <pre>{@code
 * EventQuery query = CourseDefinedQuery.course(course)
 *     .or(StudentSubscribedQuery.course(course))
 *     .or(StudentSubscribedQuery.student(student));
 * dcb.read(query.query());
 * }</pre>
 *
 * <p>A query method for a tag the event does not declare does not exist, and one given a value of
 * another type does not compile. Immutable.
 */
public class EventQuery {
  private final List<QueryItem> items;

  /** One item: events of one of {@code types} carrying all of {@code tags}; for generated code. */
  protected EventQuery(Set<String> types, Set<String> tags) {
    this.items = List.of(new QueryItem(types, tags));
  }

  private EventQuery(List<QueryItem> items) {
    this.items = List.copyOf(items);
  }

  /**
   * The tags of this one-item query and {@code tag}, for a generated query to require one more.
   *
   * @throws IllegalStateException if this query has more than one item
   */
  protected final Set<String> withTag(String tag) {
    if (items.size() != 1) {
      throw new IllegalStateException("a tag can only be added to a query of one item");
    }
    Set<String> tags = new HashSet<>(items.get(0).tags());
    tags.add(tag);
    return tags;
  }

  /** The events matching this query or {@code other}. */
  public final EventQuery or(EventQuery other) {
    List<QueryItem> both = new ArrayList<>(items);
    both.addAll(other.items);
    return new EventQuery(both);
  }

  /** This query as the store takes it. */
  public final Query query() {
    return new Query(items);
  }

  /** Whether an event of {@code type} carrying {@code tags} matches one of the items. */
  public final boolean matches(String type, Set<String> tags) {
    for (QueryItem item : items) {
      if (item.matches(type, tags)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public final String toString() {
    return items.toString();
  }
}
