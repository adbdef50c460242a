package dev.recount.examples.dcb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.examples.dcb.courses.CourseId;
import dev.recount.examples.dcb.courses.Courses;
import dev.recount.examples.dcb.courses.StudentId;
import dev.recount.examples.dcb.courses.SubscriptionRefused;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Course subscriptions: each rule, and the two rules under racing threads. */
abstract class CoursesContract extends ExampleDatabase {
  private static final CourseId MATHS = new CourseId("maths");
  private static final StudentId ADA = new StudentId("ada");

  private Courses courses;

  @BeforeEach
  void courses() {
    courses = new Courses(dcb);
  }

  @Test
  void aStudentSubscribesToADefinedCourse() {
    courses.define(MATHS, 2);
    courses.subscribe(ADA, MATHS);
    assertThat(courses.subscriptions(MATHS)).isEqualTo(1);
  }

  @Test
  void aCourseIsDefinedOnce() {
    courses.define(MATHS, 2);
    assertThatThrownBy(() -> courses.define(MATHS, 3))
        .isInstanceOf(SubscriptionRefused.class)
        .hasMessage("course maths is defined already");
  }

  @Test
  void noSubscriptionToACourseThatIsNotDefined() {
    assertThatThrownBy(() -> courses.subscribe(ADA, MATHS))
        .isInstanceOf(SubscriptionRefused.class)
        .hasMessage("no course maths");
  }

  @Test
  void aStudentSubscribesToACourseOnce() {
    courses.define(MATHS, 2);
    courses.subscribe(ADA, MATHS);
    assertThatThrownBy(() -> courses.subscribe(ADA, MATHS))
        .isInstanceOf(SubscriptionRefused.class)
        .hasMessage("ada is subscribed to maths already");
  }

  @Test
  void aFullCourseRefusesUntilItsCapacityGrows() {
    courses.define(MATHS, 1);
    courses.subscribe(ADA, MATHS);
    assertThatThrownBy(() -> courses.subscribe(new StudentId("bo"), MATHS))
        .isInstanceOf(SubscriptionRefused.class)
        .hasMessage("course maths is full");

    courses.changeCapacity(MATHS, 2);
    courses.subscribe(new StudentId("bo"), MATHS);
    assertThat(courses.subscriptions(MATHS)).isEqualTo(2);
  }

  @Test
  void aStudentTakesAtMostFiveCourses() {
    for (int i = 1; i <= Courses.MAX_COURSES_PER_STUDENT + 1; i++) {
      courses.define(new CourseId("c" + i), 10);
    }
    for (int i = 1; i <= Courses.MAX_COURSES_PER_STUDENT; i++) {
      courses.subscribe(ADA, new CourseId("c" + i));
    }
    assertThatThrownBy(() -> courses.subscribe(ADA, new CourseId("c6")))
        .isInstanceOf(SubscriptionRefused.class)
        .hasMessage("ada takes 5 courses already");
  }

  @Test
  void racingStudentsNeverTakeMorePlacesThanTheCourseHas() throws InterruptedException {
    courses.define(MATHS, 3);
    List<Callable<?>> tasks = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      StudentId student = new StudentId("s" + i);
      tasks.add(() -> {
        courses.subscribe(student, MATHS);
        return "subscribed";
      });
    }
    List<Object> outcomes = race(tasks);

    assertThat(outcomes).filteredOn("subscribed"::equals).hasSize(3);
    assertThat(outcomes)
        .filteredOn(outcome -> !"subscribed".equals(outcome))
        .allSatisfy(outcome -> assertThat(outcome)
            .isInstanceOf(SubscriptionRefused.class)
            .hasToString(SubscriptionRefused.class.getName() + ": course maths is full"));
    assertThat(courses.subscriptions(MATHS)).isEqualTo(3);
  }

  @Test
  void aStudentRacingForEightCoursesGetsFive() throws InterruptedException {
    List<Callable<?>> tasks = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      CourseId course = new CourseId("c" + i);
      courses.define(course, 10);
      tasks.add(() -> {
        courses.subscribe(ADA, course);
        return "subscribed";
      });
    }
    List<Object> outcomes = race(tasks);

    assertThat(outcomes).filteredOn("subscribed"::equals).hasSize(Courses.MAX_COURSES_PER_STUDENT);
    int taken = 0;
    for (int i = 0; i < THREADS; i++) {
      taken += courses.subscriptions(new CourseId("c" + i));
    }
    assertThat(taken).isEqualTo(Courses.MAX_COURSES_PER_STUDENT);
  }
}
