package dev.recount.testing;

import java.io.BufferedReader;
import java.io.File;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Another JVM, on this JVM's class path, running a main class of the tests: the test talks to it by
 * lines on its stdin and stdout, and its stderr is kept for failure messages. Closing it destroys
 * it, whatever it is doing.
 */
public final class ChildJvm implements AutoCloseable {
  /** Stands for the end of stdout in the queue of its lines; no line can hold a NUL. */
  private static final String EOF = "\u0000eof";

  private final String name;
  private final Process process;
  private final PrintWriter stdin;
  private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
  private final StringBuffer stderr = new StringBuffer();

  private ChildJvm(String name, Process process) {
    this.name = name;
    this.process = process;
    this.stdin = new PrintWriter(
        new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
    pump(process.getInputStream(), stdout::add, () -> stdout.add(EOF));
    pump(process.getErrorStream(), line -> stderr.append(line).append('\n'), () -> {});
  }

  /**
   * Starts {@code java -cp <this JVM's class path> mainClass args...} with this JVM's environment.
   *
   * @param name what failure messages call it
   */
  public static ChildJvm start(String name, String mainClass, String... args) {
    return start(name, environment -> {}, mainClass, args);
  }

  /**
   * Starts {@code java -cp <this JVM's class path> mainClass args...} with this JVM's environment
   * as {@code environment} changes it.
   *
   * @param name what failure messages call it
   * @param environment changes the child's copy of this JVM's environment variables
   */
  public static ChildJvm start(
      String name, Consumer<Map<String, String>> environment, String mainClass, String... args) {
    return start(name, List.of(), environment, entry -> true, mainClass, args);
  }

  /**
   * Starts {@code java -cp <this JVM's class path, only the entries kept> mainClass args...}: a
   * child without a dependency, as a user's application that forgot it would run.
   *
   * @param keep which entries of this JVM's class path the child gets
   */
  public static ChildJvm startWith(
      String name, Predicate<String> keep, String mainClass, String... args) {
    return start(name, List.of(), environment -> {}, keep, mainClass, args);
  }

  /**
   * Starts {@code prefix... java -cp <this JVM's class path> mainClass args...}: the JVM run by
   * another command that then executes it in its place, such as {@code ip netns exec <namespace>},
   * so that {@link #pid()} and {@link #signal} still reach the JVM.
   *
   * @param prefix the command and its arguments, before the JVM's command line
   */
  public static ChildJvm startVia(
      String name, List<String> prefix, String mainClass, String... args) {
    return start(name, prefix, environment -> {}, entry -> true, mainClass, args);
  }

  private static ChildJvm start(
      String name,
      List<String> prefix,
      Consumer<Map<String, String>> environment,
      Predicate<String> keep,
      String mainClass,
      String... args) {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Children live for seconds, several at once beside the test's JVM: they should start fast
    // and stay small rather than reach peak speed.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(keep)
        .collect(Collectors.joining(File.pathSeparator)));
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    environment.accept(builder.environment());
    try {
      return new ChildJvm(name, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name, e);
    }
  }

  /** Reads lines on a thread of its own, so that a chatty child never blocks on a full pipe. */
  private void pump(InputStream stream, Consumer<String> lines, Runnable end) {
    Thread thread = new Thread(
        () -> {
          try (BufferedReader reader =
              new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
              lines.accept(line);
            }
          } catch (IOException e) {
            // The process is gone.
          } finally {
            end.run();
          }
        },
        name + "-pump");
    thread.setDaemon(true);
    thread.start();
  }

  /** The child's process id, to send it signals (SIGSTOP, SIGCONT) with {@code kill}. */
  public long pid() {
    return process.pid();
  }

  /**
   * Sends the child a signal with {@code kill -<signal> <pid>}, such as {@code STOP} or
   * {@code CONT}.
   */
  public void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
        .redirectErrorStream(true)
        .start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + signal + " " + process.pid() + " failed: "
          + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Sends one line to the child's stdin. */
  public void send(String line) {
    stdin.println(line);
  }

  /**
   * The next line the child prints, waiting at most {@code timeout}.
   *
   * @throws AssertionError if none comes in time or the child's output ends first
   */
  public String expectLine(Duration timeout) throws InterruptedException {
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

  /** Whether a line, or the end of the output, is waiting to be read. */
  public boolean hasLine() {
    return !stdout.isEmpty();
  }

  /**
   * Every line the child prints from now until its output ends.
   *
   * @throws AssertionError if the output has not ended within {@code timeout}
   */
  public List<String> outputUntilExit(Duration timeout) throws InterruptedException {
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

  /**
   * Waits for the child to exit.
   *
   * @return its exit code
   * @throws AssertionError if it has not exited within {@code timeout}
   */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + timeout + "; stderr:\n" + stderr);
    }
    return process.exitValue();
  }

  /** What the child has printed on stderr so far. */
  public String stderr() {
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
