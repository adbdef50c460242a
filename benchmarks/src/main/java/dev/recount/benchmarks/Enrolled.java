package dev.recount.benchmarks;

/**
 * The DCB benchmark's event, appended without an aggregate: tagged {@code student:<student>} and
 * {@code course:<course>} by {@link EnrolledEvents}.
 */
public record Enrolled(String student, String course) {
  static final String TOPIC = "bench.Enrolled";
}
