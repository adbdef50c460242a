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
  private static final Set<Message> UNTESTABLE =
      EnumSet.of(Message.INTERNAL, Message.COULD_NOT_WRITE);

  private static final Path TESTS = Path.of("src/test/java/dev/recount/processor");
  private static final Path SOURCES = Path.of("src/main/java/dev/recount/processor");

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

  /**
   * Every diagnostic goes through the catalog: only {@link Diagnostics} prints messages, and only
   * {@link Message} spells an {@code [recount:ID]}.
   */
  @Test
  void everyDiagnosticGoesThroughTheCatalog() throws IOException {
    List<String> bypassing = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String name = file.getFileName().toString();
        String source = Files.readString(file, StandardCharsets.UTF_8);
        if (!name.equals("Diagnostics.java") && source.contains("printMessage(")) {
          bypassing.add(name + " prints a message");
        }
        if (!name.equals("Message.java") && source.contains("[recount:")) {
          bypassing.add(name + " spells a message id");
        }
      }
    }
    assertThat(bypassing).as("diagnostics that bypass Diagnostics and Message").isEmpty();
  }
}
