package dev.recount.examples.dcb.courses;

import dev.recount.annotations.Apply;
import dev.recount.annotations.DecisionModel;
import dev.recount.annotations.Tag;

/** Whether a course exists, its places and how many are taken: the events tagged with it. */
@DecisionModel
public final class CourseCapacity {
  @Tag("course")
  final CourseId course;

  boolean exists;
  int capacity;
  int subscriptions;

  public CourseCapacity(CourseId course) {
    this.course = course;
  }

  boolean full() {
    return subscriptions >= capacity;
  }

  @Apply
  void on(CourseDefined event) {
    exists = true;
    capacity = event.capacity();
  }

  @Apply
  void on(CourseCapacityChanged event) {
    capacity = event.capacity();
  }

  @Apply
  void on(StudentSubscribed event) {
    subscriptions++;
  }
}
