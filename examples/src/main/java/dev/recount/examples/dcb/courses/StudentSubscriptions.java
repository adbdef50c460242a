package dev.recount.examples.dcb.courses;

import dev.recount.annotations.Apply;
import dev.recount.annotations.DecisionModel;
import dev.recount.annotations.Tag;
import java.util.HashSet;
import java.util.Set;

/** The courses a student subscribed to: the subscriptions tagged with the student. */
@DecisionModel
public final class StudentSubscriptions {
  @Tag("student")
  final StudentId student;

  final Set<CourseId> courses = new HashSet<>();

  public StudentSubscriptions(StudentId student) {
    this.student = student;
  }

  @Apply
  void on(StudentSubscribed event) {
    courses.add(event.course());
  }
}
