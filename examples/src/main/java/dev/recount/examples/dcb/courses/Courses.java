package dev.recount.examples.dcb.courses;

import dev.recount.dcb.DcbStore;
import dev.recount.dcb.Decision;
import dev.recount.examples.dcb.DecideAgain;

/**
 * Course subscriptions, the first example of the DCB specification: a course has a capacity, and a
 * student may take at most {@link #MAX_COURSES_PER_STUDENT} courses. The two rules span two things,
 * a course and a student; each decision reads only the events tagged with the course or with the
 * student, and appends on the condition that none of them changed since (deciding again if one
 * did). No aggregate, no saga, no reservation.
 */
public final class Courses {
  /** How many courses a student may take. */
  public static final int MAX_COURSES_PER_STUDENT = 5;

  private final DcbStore dcb;

  public Courses(DcbStore dcb) {
    this.dcb = dcb;
  }

  /**
   * Defines a course with {@code capacity} places.
   *
   * @throws SubscriptionRefused if the course is defined already
   */
  public void define(CourseId id, int capacity) {
    DecideAgain.onConflict(() -> {
      CourseCapacity course = new CourseCapacity(id);
      Decision decision = Decision.read(dcb, course);
      if (course.exists) {
        throw new SubscriptionRefused("course " + id.value() + " is defined already");
      }
      return decision.append(new CourseDefined(id, capacity));
    });
  }

  /**
   * Gives a course {@code capacity} places; places already taken stay taken.
   *
   * @throws SubscriptionRefused if there is no such course
   */
  public void changeCapacity(CourseId id, int capacity) {
    DecideAgain.onConflict(() -> {
      CourseCapacity course = new CourseCapacity(id);
      Decision decision = Decision.read(dcb, course);
      if (!course.exists) {
        throw new SubscriptionRefused("no course " + id.value());
      }
      return decision.append(new CourseCapacityChanged(id, capacity));
    });
  }

  /**
   * Subscribes a student to a course.
   *
   * @throws SubscriptionRefused if there is no such course, it is full, the student is subscribed
   *     to it already or to {@link #MAX_COURSES_PER_STUDENT} courses
   */
  public void subscribe(StudentId studentId, CourseId courseId) {
    DecideAgain.onConflict(() -> {
      CourseCapacity course = new CourseCapacity(courseId);
      StudentSubscriptions student = new StudentSubscriptions(studentId);
      Decision decision = Decision.read(dcb, course, student);
      if (!course.exists) {
        throw new SubscriptionRefused("no course " + courseId.value());
      }
      if (student.courses.contains(courseId)) {
        throw new SubscriptionRefused(
            studentId.value() + " is subscribed to " + courseId.value() + " already");
      }
      if (course.full()) {
        throw new SubscriptionRefused("course " + courseId.value() + " is full");
      }
      if (student.courses.size() >= MAX_COURSES_PER_STUDENT) {
        throw new SubscriptionRefused(
            studentId.value() + " takes " + MAX_COURSES_PER_STUDENT + " courses already");
      }
      return decision.append(new StudentSubscribed(studentId, courseId));
    });
  }

  /** How many places of a course are taken. */
  public int subscriptions(CourseId id) {
    CourseCapacity course = new CourseCapacity(id);
    Decision.read(dcb, course);
    return course.subscriptions;
  }
}
