package dev.recount.examples.process;

import dev.recount.Application;
import dev.recount.examples.testing.ApplicationEnvironment;
import dev.recount.process.LeasedFollower;
import dev.recount.process.ProcessApplication;
import dev.recount.testing.DatabaseServer;
import java.time.Duration;

/**
 * What the leased-follower contracts run on: a "source" application and a "mirror" that follows it,
 * on one database with tables of their own, and the leased follower a test starts. Closing it stops
 * the follower, closes both applications and drops their tables.
 */
final class SourceAndMirror implements AutoCloseable {
  private final DatabaseServer server;
  private final String prefix;
  private final Application source;
  private final Application mirror;
  private LeasedFollower follower;

  /** Skips the test (fails it on CI) if the server cannot be reached. */
  SourceAndMirror(DatabaseServer server, String stem) {
    this.server = server.requireReachable();
    this.prefix = DatabaseServer.newPrefix(stem);
    this.source = application("source_");
    this.mirror = application("mirror_");
  }

  /** A new application on the tables {@code prefix() + suffix}: another JVM's, say. */
  Application application(String suffix) {
    return Application.builder()
        .environment(ApplicationEnvironment.of(server, prefix + suffix))
        .build();
  }

  DatabaseServer server() {
    return server;
  }

  String prefix() {
    return prefix;
  }

  Application source() {
    return source;
  }

  /** A process application "mirror", on the mirror's tables, following "source". */
  ProcessApplication.Builder mirrorOfSource() {
    return ProcessApplication.builder("mirror", mirror).follow("source", source.log());
  }

  /** A leased follower of {@code process}, on leases of 2 s renewed every 500 ms. */
  static LeasedFollower.Builder leased(ProcessApplication process, int segments) {
    return LeasedFollower.builder(process)
        .segments(segments)
        .leaseDuration(Duration.ofSeconds(2))
        .renewInterval(Duration.ofMillis(500));
  }

  /** Builds and starts the follower, which {@link #close()} stops. */
  LeasedFollower start(LeasedFollower.Builder builder) {
    follower = builder.build().start();
    return follower;
  }

  @Override
  public void close() {
    if (follower != null) {
      follower.stop();
    }
    mirror.close();
    source.close();
    server.drop(prefix);
  }
}
