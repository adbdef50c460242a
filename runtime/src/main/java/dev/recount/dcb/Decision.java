package dev.recount.dcb;

import dev.recount.internal.DecisionMapping;
import dev.recount.internal.DecisionMappings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A decision taken on the events of one or more {@code @DecisionModel}s, and the append that
 * records it only if nothing the decision depended on changed meanwhile.
 *
 * <pre>{@code
 * CourseCapacity course = new CourseCapacity(courseId);
 * StudentLimit student = new StudentLimit(studentId);
 * Decision decision = Decision.read(dcb, course, student);
 * if (course.full() || student.atLimit()) {
 *   throw new IllegalStateException("cannot subscribe");
 * }
 * decision.append(new StudentSubscribed(studentId, courseId));
 * }</pre>
 *
 * <p>{@link #read} reads the events of all models' queries (OR-ed) in one read of the store, and
 * applies each event, in position order, to every model whose own query it matches, through the
 * generated {@code <Model>_Decision}. The {@link #condition} is that combined query after the head
 * of that read: {@link #append} fails with {@link AppendConditionFailed}, writing nothing, if an
 * event matching any model's query was stored since, whoever stored it. Then read again with new
 * models and decide again.
 */
public final class Decision {
  private final DcbStore store;
  private final AppendCondition condition;

  private Decision(DcbStore store, AppendCondition condition) {
    this.store = store;
    this.condition = condition;
  }

  /**
   * Reads the events of {@code models}' queries and applies them to the models (which should be
   * new: each event is applied once more to a model that has already seen it).
   *
   * @param models instances of {@code @DecisionModel} classes, at least one, each once
   * @throws IllegalArgumentException if there are none, one is given twice, or one's class has no
   *     generated decision mapping
   * @throws dev.recount.DataIntegrityError if a stored event fails its check
   */
  public static Decision read(DcbStore store, Object... models) {
    Objects.requireNonNull(store, "store");
    if (models.length == 0) {
      throw new IllegalArgumentException("a decision needs at least one decision model");
    }
    Map<Object, EventQuery> queries = new IdentityHashMap<>();
    List<DecisionMapping<Object>> mappings = new ArrayList<>();
    EventQuery all = null;
    for (Object model : models) {
      Objects.requireNonNull(model, "model");
      DecisionMapping<Object> mapping = DecisionMappings.of(model);
      EventQuery query = mapping.query(model);
      if (queries.put(model, query) != null) {
        throw new IllegalArgumentException(
            "the decision model " + model + " is given twice: each event would be applied twice");
      }
      mappings.add(mapping);
      all = all == null ? query : all.or(query);
    }
    ReadResult read = store.read(all.query());
    for (SequencedEvent event : read.events()) {
      for (int i = 0; i < models.length; i++) {
        if (queries.get(models[i]).matches(event.type(), event.tags())) {
          mappings.get(i).apply(models[i], event.event());
        }
      }
    }
    return new Decision(store, AppendCondition.failIfEventsMatch(all.query(), read.head()));
  }

  /**
   * The condition the decision holds under: no event matching the models' queries stored after the
   * read's head.
   */
  public AppendCondition condition() {
    return condition;
  }

  /**
   * Appends {@code events}, all or none, if {@link #condition} still holds.
   *
   * @return the events as stored, with their positions, in order
   * @throws AppendConditionFailed if an event matching the models' queries was stored since the
   *     read; nothing was written
   * @throws IllegalArgumentException if there are no events, or one is not a standalone event
   */
  public List<SequencedEvent> append(Object... events) {
    return store.append(Arrays.asList(events), condition);
  }
}
