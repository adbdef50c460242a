package dev.recount.testlog;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.event.Level;

/**
 * The lines logged through SLF4J, from every thread, while a capture is open. The runtime's tests
 * bind SLF4J to {@link CapturingProvider}, which logs nothing while no capture is open (HikariCP's
 * lines included) and offers DEBUG and above to every open capture.
 */
public final class LogCapture implements AutoCloseable {
  static final Set<LogCapture> OPEN = new CopyOnWriteArraySet<>();

  private final List<Line> lines = new CopyOnWriteArrayList<>();

  private LogCapture() {}

  /** Starts capturing; close it to stop. */
  public static LogCapture start() {
    LogCapture capture = new LogCapture();
    OPEN.add(capture);
    return capture;
  }

  /** One logged line: its logger, level, formatted message and the throwable logged with it. */
  public record Line(String logger, Level level, String message, Throwable error) {
    @Override
    public String toString() {
      return level + " " + logger + " " + message + (error == null ? "" : " [" + error + "]");
    }
  }

  void add(Line line) {
    lines.add(line);
  }

  /** Every line captured so far, in the order they were logged. */
  public List<Line> lines() {
    return List.copyOf(lines);
  }

  /** The messages this logger logged at this level, in order. */
  public List<String> messages(String logger, Level level) {
    return lines.stream()
        .filter(line -> line.logger().equals(logger) && line.level() == level)
        .map(Line::message)
        .collect(Collectors.toList());
  }

  /**
   * Waits, at most {@code timeout}, for a line that matches: for lines other threads log. Fails
   * listing what was logged if none comes.
   */
  public Line await(Predicate<Line> matches, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Line line : lines) {
        if (matches.test(line)) {
          return line;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no matching line was logged within " + timeout + "; logged:\n"
            + lines.stream().map(Line::toString).collect(Collectors.joining("\n")));
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() {
    OPEN.remove(this);
  }
}
