package dev.recount.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** The parent's side of one child JVM: its process, its input, and what it said. */
final class ChildHandle {
  private static final int TAIL_LINES = 30;

  final String name;
  private final Process process;
  private final Writer input;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final CountDownLatch paused = new CountDownLatch(1);
  private final Deque<String> errorTail = new ArrayDeque<>();
  private final Thread errorReader;
  private volatile URI uri;
  private volatile String token;
  private volatile Set<String> listening = Set.of();

  private ChildHandle(String name, Process process) {
    this.name = name;
    this.process = process;
    this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.errorReader =
        new Thread(() -> readErrors(process.getErrorStream()), "recount-" + name + "-stderr");
    this.errorReader.setDaemon(true);
  }

  /**
   * Starts the child with {@code command} and these variables added to its environment;
   * {@code onMessage} gets each protocol line after ready (without the prefix), in the order the
   * child wrote them, and {@code onExit} the exit.
   *
   * @throws IOException if the command cannot be started
   */
  static ChildHandle launch(
      String name,
      List<String> command,
      Map<String, String> environment,
      BiConsumer<ChildHandle, String> onMessage,
      Consumer<ChildHandle> onExit)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    Process process = builder.start();
    ChildHandle child = new ChildHandle(name, process);
    Thread outputReader =
        new Thread(() -> child.readOutput(onMessage), "recount-" + name + "-stdout");
    outputReader.setDaemon(true);
    outputReader.start();
    child.errorReader.start();
    process.onExit().thenRun(() -> onExit.accept(child));
    return child;
  }

  private void readOutput(BiConsumer<ChildHandle, String> onMessage) {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (!line.startsWith(ChildProtocol.PREFIX)) {
          continue;
        }
        String message = line.substring(ChildProtocol.PREFIX.length());
        if (message.startsWith(ChildProtocol.READY + " ")) {
          String[] words = message.split(" ");
          uri = URI.create(words[1]);
          listening =
              words.length < 3 || words[2].equals("-") ? Set.of() : Set.of(words[2].split(","));
          token = words.length < 4 ? null : words[3];
          ready.countDown();
        } else if (message.equals(ChildProtocol.PAUSED)) {
          paused.countDown();
        } else {
          onMessage.accept(this, message);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the child is gone; its exit is reported by onExit
    }
  }

  private void readErrors(InputStream errors) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(errors, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        synchronized (errorTail) {
          if (errorTail.size() == TAIL_LINES) {
            errorTail.removeFirst();
          }
          errorTail.addLast(line);
        }
      }
    } catch (IOException e) {
      // the child is gone
    }
  }

  /** Writes one line to the child; a child that is gone is ignored (its exit is reported). */
  void send(String line) {
    synchronized (input) {
      try {
        input.write(line);
        input.write('\n');
        input.flush();
      } catch (IOException e) {
        // the child is gone
      }
    }
  }

  /** Closes the child's input: it stops as if told to exit. */
  void closeInput() {
    synchronized (input) {
      try {
        input.close();
      } catch (IOException e) {
        // the child is gone
      }
    }
  }

  /** Waits until the child is ready, has exited, or the deadline passed; returns whether ready. */
  boolean awaitReady(long deadlineNanos) throws InterruptedException {
    return await(ready, deadlineNanos);
  }

  /** Waits until the child paused, has exited, or the deadline passed; returns whether paused. */
  boolean awaitPaused(long deadlineNanos) throws InterruptedException {
    return await(paused, deadlineNanos);
  }

  private boolean await(CountDownLatch latch, long deadlineNanos) throws InterruptedException {
    while (latch.getCount() > 0 && process.isAlive()) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      latch.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
    }
    return latch.getCount() == 0;
  }

  /** Waits for the child to exit until the deadline; returns whether it did. */
  boolean awaitExit(long deadlineNanos) throws InterruptedException {
    long left = deadlineNanos - System.nanoTime();
    return process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the child at once (the runner gave up on it). */
  void kill() {
    process.destroyForcibly();
  }

  int exitCode() {
    return process.exitValue();
  }

  URI uri() {
    return uri;
  }

  /** The bearer token of the child's log server, which its followers send. */
  String token() {
    return token;
  }

  /** Whether the child hears from {@code leader} through PostgreSQL's NOTIFY itself. */
  boolean listensTo(String leader) {
    return listening.contains(leader);
  }

  /** How the child ended, with the last lines it wrote to its standard error. */
  String describeExit() {
    try {
      errorReader.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    StringBuilder text = new StringBuilder(name)
        .append(" (pid ")
        .append(process.pid())
        .append(") exited with code ")
        .append(process.exitValue());
    synchronized (errorTail) {
      if (!errorTail.isEmpty()) {
        text.append("; the end of its standard error:");
        for (String line : errorTail) {
          text.append("\n    ").append(line);
        }
      }
    }
    return text.toString();
  }
}
