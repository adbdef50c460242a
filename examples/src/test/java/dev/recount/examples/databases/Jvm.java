package dev.recount.examples.databases;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Another JVM on the test class path, running a main class with the given environment, talked to
 * by lines on stdin and stdout. Closing it destroys it, whatever it is doing.
 */
final class Jvm implements AutoCloseable {
  private static final String EOF = "\u0000eof";

  private final String name;
  private final Process process;
  private final PrintWriter stdin;
  private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
  private final StringBuffer stderr = new StringBuffer();

  private Jvm(String name, Process process) {
    this.name = name;
    this.process = process;
    this.stdin = new PrintWriter(new OutputStreamWriter(process.getOutputStream(),
        StandardCharsets.UTF_8), true);
    pump(process.getInputStream(), stdout::add, () -> stdout.add(EOF));
    pump(process.getErrorStream(), line -> stderr.append(line).append('\n'), () -> { });
  }

  /** Starts {@code java -cp <the test class path> mainClass args...} with extra environment. */
  static Jvm start(String name, Map<String, String> environment, String mainClass,
      String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(key -> key.startsWith("DB_")
        || key.equals("TABLE_PREFIX") || key.equals("CIPHER_KEY"));
    builder.environment().putAll(environment);
    try {
      return new Jvm(name, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name, e);
    }
  }

  private void pump(InputStream stream, Consumer<String> lines, Runnable end) {
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

  void send(String line) {
    stdin.println(line);
  }

  /** The next line printed, waiting at most {@code timeout}; fails if none comes or it ended. */
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

  /** Every line printed until the process ends, which must be within {@code timeout}. */
  List<String> outputUntilExit(Duration timeout) throws InterruptedException {
    List<String> lines = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = stdout.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError(name + " did not end within " + timeout + "; printed " + lines
            + "; stderr:\n" + stderr);
      }
      if (line.equals(EOF)) {
        return lines;
      }
      lines.add(line);
    }
  }

  int exitCode(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + timeout);
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
