package dev.recount.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every message users can trigger has a located-error test in one of the {@code *ErrorsTest}
 * classes, which name it by its {@code [recount:ID]}. A new message without a test fails here.
 */
class MessageCoverageTest {
  /** Not triggerable from source: a processor bug, and a failing file system. */
  private static final Set<Message> UNTESTABLE = EnumSet.of(Message.INTERNAL,
      Message.COULD_NOT_WRITE);

  private static final Path TESTS = Path.of("src/test/java/dev/recount/processor");

  @Test
  void everyUserFacingMessageHasAnErrorTest() throws IOException {
    StringBuilder errorTests = new StringBuilder();
    try (Stream<Path> files = Files.list(TESTS)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.getFileName().toString().endsWith("ErrorsTest.java")) {
          errorTests.append(Files.readString(file, StandardCharsets.UTF_8));
        }
      }
    }

    List<String> untested = new ArrayList<>();
    for (Message message : Message.values()) {
      if (!UNTESTABLE.contains(message)
          && !errorTests.toString().contains("[recount:" + message.name() + "]")) {
        untested.add(message.name());
      }
    }
    assertThat(untested).as("messages without a test in an *ErrorsTest class").isEmpty();
  }
}
