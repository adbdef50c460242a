package com.acme.courses;

import dev.recount.annotations.Apply;
import dev.recount.annotations.DecisionModel;
import dev.recount.annotations.Tag;

@DecisionModel
final class CourseCapacity {
  @Tag("course")
  final CourseId course;

  int capacity;
  int subscriptions;

  CourseCapacity(CourseId course) {
    this.course = course;
  }

  @Apply
  void defined(CourseDefined event) {
    capacity = event.capacity();
  }

  @Apply
  void subscribed(StudentSubscribed event) {
    subscriptions++;
  }
}
