package dev.recount.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import com.google.testing.compile.JavaFileObjects;
import dev.recount.dcb.Query;
import dev.recount.dcb.QueryItem;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated DCB code of golden/DcbGoldenTest run: the tags an event carries, the items a typed
 * query builds (the same text for the same typed value), and a decision model's query and dispatch.
 * A probe compiled with the inputs calls the generated code as users do and reports what it got.
 */
class DcbGeneratedCodeTest {
  private static final String PACKAGE = "com.acme.courses.";

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    JavaFileObject probe = JavaFileObjects.forSourceLines(
        "com.acme.courses.Probe",
        "package com.acme.courses;",
        "",
        "import java.util.LinkedHashMap;",
        "import java.util.Map;",
        "import java.util.UUID;",
        "import java.util.function.Supplier;",
        "",
        "public class Probe implements Supplier<Map<String, Object>> {",
        "  static final UUID PROGRAM = UUID.fromString(\"00000000-0000-0000-0000-00000000002a\");",
        "",
        "  @Override",
        "  public Map<String, Object> get() {",
        "    CourseId c1 = new CourseId(\"c1\");",
        "    StudentId s7 = new StudentId(\"s7\");",
        "    StudentSubscribed subscribed = new StudentSubscribed(s7, c1);",
        "    Map<String, Object> out = new LinkedHashMap<>();",
        "    out.put(\"eventTags\", StudentSubscribed_Codec.INSTANCE.tags(subscribed));",
        "    out.put(\"mappingTags\", new StudentSubscribed_DcbEvents().tagsOf(subscribed));",
        "    out.put(\"aggregateTags\", Student_Events.INSTANCE.tagsOf(",
        "        new Student.Registered(s7, \"Ada\", Student.Level.GRADUATE)));",
        "    out.put(\"enrolledTags\", Student_Events.INSTANCE.tagsOf(",
        "        new Student.Enrolled(s7, PROGRAM)));",
        "    out.put(\"untaggedTags\", Student_Events.INSTANCE.tagsOf(new Student.Renamed(\"Bo\")));",
        "    out.put(\"query\", StudentSubscribedQuery.student(s7).andCourse(c1)",
        "        .or(CourseDefinedQuery.all()).query());",
        "    CourseCapacity model = new CourseCapacity(c1);",
        "    CourseCapacity_Decision decision = new CourseCapacity_Decision();",
        "    out.put(\"modelQuery\", decision.query(model).query());",
        "    decision.apply(model, new CourseDefined(c1, 30));",
        "    decision.apply(model, subscribed);",
        "    decision.apply(model, subscribed);",
        "    out.put(\"capacity\", model.capacity);",
        "    out.put(\"subscriptions\", model.subscriptions);",
        "    out.put(\"modelClass\", decision.modelClass());",
        "    return out;",
        "  }",
        "}");
    List<JavaFileObject> sources = new java.util.ArrayList<>();
    for (String name : List.of(
        "CourseId",
        "StudentId",
        "CourseDefined",
        "StudentSubscribed",
        "CourseCapacity",
        "Student")) {
      sources.add(Golden.input("DcbGoldenTest", PACKAGE + name));
    }
    sources.add(probe);
    Compilation compilation = Compilations.compile(sources.toArray(JavaFileObject[]::new));
    CompilationSubject.assertThat(compilation).succeededWithoutWarnings();
    classes = new CompiledClasses(compilation);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> probe() {
    return (Map<String, Object>)
        classes.newInstance(PACKAGE + "Probe", Supplier.class).get();
  }

  @Test
  void anEventCarriesATagPerTaggedComponentWithTheValueOfItsTypedId() {
    assertThat(probe().get("eventTags")).isEqualTo(Set.of("student:s7", "course:c1"));
    assertThat(probe().get("mappingTags")).isEqualTo(Set.of("student:s7", "course:c1"));
  }

  @Test
  void aggregateEventsCarryTheirTagsThroughTheAggregatesMapping() {
    Map<String, Object> probe = probe();
    assertThat(probe.get("aggregateTags")).isEqualTo(Set.of("student:s7", "level:GRADUATE"));
    assertThat(probe.get("enrolledTags"))
        .isEqualTo(Set.of("student:s7", "program:00000000-0000-0000-0000-00000000002a"));
    assertThat(probe.get("untaggedTags")).isEqualTo(Set.of());
  }

  @Test
  void aTypedQueryBuildsTheItemsWithTheSameTextAsTheEventsTags() {
    assertThat(probe().get("query"))
        .isEqualTo(Query.of(
            new QueryItem(
                Set.of("com.acme.courses.StudentSubscribed"), Set.of("student:s7", "course:c1")),
            new QueryItem(Set.of("com.acme.courses.CourseDefined", "CourseCreated"), Set.of())));
  }

  @Test
  void aDecisionModelsQueryHasAnItemPerApplyMethodWithTheModelsTags() {
    assertThat(probe().get("modelQuery"))
        .isEqualTo(Query.of(
            new QueryItem(
                Set.of("com.acme.courses.CourseDefined", "CourseCreated"), Set.of("course:c1")),
            new QueryItem(Set.of("com.acme.courses.StudentSubscribed"), Set.of("course:c1"))));
  }

  @Test
  void aDecisionMappingDispatchesEachEventToItsApplyMethod() {
    Map<String, Object> probe = probe();
    assertThat(probe.get("capacity")).isEqualTo(30);
    assertThat(probe.get("subscriptions")).isEqualTo(2);
    assertThat(((Class<?>) probe.get("modelClass")).getName())
        .isEqualTo(PACKAGE + "CourseCapacity");
  }

  @Test
  void aNullTagValueIsRefusedNamingTheTagAndTheEvent() throws ReflectiveOperationException {
    Class<?> query = classes.loadClass(PACKAGE + "StudentSubscribedQuery");
    Class<?> studentId = classes.loadClass(PACKAGE + "StudentId");
    assertThatThrownBy(() -> {
          try {
            query.getMethod("student", studentId).invoke(null, new Object[] {null});
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        })
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tag 'student' of a query of StudentSubscribed is null: a tag needs a value");
  }
}
