package dev.recount.examples.dcb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recount.Application;
import dev.recount.dcb.AppendConditionFailed;
import dev.recount.dcb.DcbStore;
import dev.recount.dcb.Decision;
import dev.recount.dcb.EventQuery;
import dev.recount.examples.dcb.courses.CourseDefinedQuery;
import dev.recount.examples.dcb.courses.CourseId;
import dev.recount.examples.dcb.courses.Courses;
import dev.recount.examples.dcb.courses.StudentId;
import dev.recount.examples.dcb.courses.StudentSubscribed;
import dev.recount.examples.dcb.courses.StudentSubscribedQuery;
import dev.recount.examples.dcb.courses.StudentSubscriptions;
import dev.recount.examples.dcb.courses.SubscriptionRefused;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's section on Dynamic Consistency Boundaries: its usage block runs here as printed, and
 * every Java block of the section appears verbatim in the examples' sources.
 */
class ReadmeDcbTest {

  @Test
  void courseSubscriptions() {
    try (Application app = Application.builder().build()) {
      DcbStore dcb = DcbStore.of(app);
      Courses courses = new Courses(dcb);
      CourseId maths = new CourseId("maths");
      courses.define(maths, 1);
      courses.subscribe(new StudentId("ada"), maths);

      // The course is full: the decision refuses, and nothing is stored.
      assertThrows(SubscriptionRefused.class, () -> courses.subscribe(new StudentId("bo"), maths));

      // Typed queries: a method per tag, typed by the tagged component; items OR-ed.
      EventQuery query = CourseDefinedQuery.course(maths).or(StudentSubscribedQuery.course(maths));
      assertEquals(2, dcb.read(query.query()).events().size());

      // A decision fails if an event it depends on was stored after its read.
      Decision stale = Decision.read(dcb, new StudentSubscriptions(new StudentId("cy")));
      courses.define(new CourseId("art"), 5);
      courses.subscribe(new StudentId("cy"), new CourseId("art"));
      assertThrows(
          AppendConditionFailed.class,
          () -> stale.append(new StudentSubscribed(new StudentId("cy"), maths)));
    }
  }

  @Test
  void theReadmeShowsTheseExamplesVerbatim() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("## Dynamic consistency boundaries");
    assertTrue(start >= 0, "README.md has no section on dynamic consistency boundaries");
    int end = readme.indexOf("\n## ", start + 1);
    List<String> blocks = javaBlocks(readme.substring(start, end < 0 ? readme.length() : end));
    assertEquals(4, blocks.size(), "the section's Java blocks");
    List<String> sources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src"))) {
      for (Path file :
          (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
        sources.add(String.join("\n", stripped(Files.readString(file))));
      }
    }
    for (String block : blocks) {
      String expected = String.join("\n", stripped(block));
      assertTrue(
          sources.stream().anyMatch(source -> source.contains(expected)),
          "no source of the examples contains this README block:\n" + block);
    }
  }

  private static List<String> javaBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    int start = markdown.indexOf("```java\n");
    while (start >= 0) {
      int end = markdown.indexOf("```", start + 8);
      blocks.add(markdown.substring(start + 8, end));
      start = markdown.indexOf("```java\n", end + 3);
    }
    return blocks;
  }

  private static List<String> stripped(String text) {
    return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }
}
