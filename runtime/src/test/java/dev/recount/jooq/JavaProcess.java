package dev.recount.jooq;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started from the test class path with a main class of the test sources, talked to by
 * lines on its stdin and stdout. Closing it destroys it, whatever state it is in.
 */
final class JavaProcess implements AutoCloseable {
  private static final String EOF = "\u0000eof";

  private final String name;
  private final Process process;
  private final PrintWriter stdin;
  private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
  private final StringBuffer stderr = new StringBuffer();

  private JavaProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.stdin = new PrintWriter(new OutputStreamWriter(process.getOutputStream(),
        StandardCharsets.UTF_8), true);
    pump(process.getInputStream(), line -> stdout.add(line), () -> stdout.add(EOF));
    pump(process.getErrorStream(), line -> stderr.append(line).append('\n'), () -> { });
  }

  /** Starts {@code java -cp <this JVM's class path> mainClass args...}. */
  static JavaProcess start(String name, Class<?> mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    try {
      return new JavaProcess(name, new ProcessBuilder(command).start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name, e);
    }
  }

  private void pump(java.io.InputStream stream, java.util.function.Consumer<String> lines,
      Runnable end) {
    Thread thread = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream,
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          lines.accept(line);
        }
      } catch (IOException e) {
        // The process is gone.
      } finally {
        end.run();
      }
    }, name + "-pump");
    thread.setDaemon(true);
    thread.start();
  }

  /** Sends one line to the process. */
  void send(String line) {
    stdin.println(line);
  }

  /**
   * The next line the process prints, waiting at most {@code timeout}.
   *
   * @throws AssertionError if none comes in time or the process ends first
   */
  String expectLine(Duration timeout) throws InterruptedException {
    String line = stdout.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new AssertionError(name + " printed nothing for " + timeout + "; stderr:\n" + stderr);
    }
    if (line.equals(EOF)) {
      stdout.add(EOF);
      throw new AssertionError(name + " ended; stderr:\n" + stderr);
    }
    return line;
  }

  /** Whether a line (or the end of the output) is waiting to be read. */
  boolean hasLine() {
    return !stdout.isEmpty();
  }

  /** Waits for the process to exit and returns its exit code. */
  int await(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + timeout + "; stderr:\n" + stderr);
    }
    return process.exitValue();
  }

  String stderr() {
    return stderr.toString();
  }

  @Override
  public void close() {
    stdin.close();
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
