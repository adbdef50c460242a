package dev.recount.process;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A declared graph of applications: which ones there are (in declaration order), which of them
 * react to others with a {@link Policy}, and the pipes from each leader to its followers. A
 * follower may have several leaders, and loops are allowed (orders to reservations to payments and
 * back to orders). The system only describes; a {@link Runner} builds the applications and runs it,
 * in one thread ({@link SingleThreadedRunner}), a thread per application
 * ({@link MultiThreadedRunner}) or a JVM per application ({@link MultiProcessRunner}).
 *
 * <pre>{@code
 * ProcessSystem system = ProcessSystem.builder()
 *     .application("orders", Orders::react)
 *     .application("reservations", Reservations::react)
 *     .application("payments", Payments::react)
 *     .pipe("orders", "reservations")
 *     .pipe("reservations", "payments")
 *     .pipe("payments", "orders")
 *     .build();
 * }</pre>
 *
 * <p>Immutable once built, and safe to share between threads.
 */
public final class ProcessSystem {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

  private final Map<String, Declared> applications;

  private ProcessSystem(Map<String, Declared> applications) {
    this.applications = applications;
  }

  /** A builder of a system with no applications yet. */
  public static Builder builder() {
    return new Builder();
  }

  /** The names of the applications, in declaration order. */
  public List<String> names() {
    return List.copyOf(applications.keySet());
  }

  /** The policy of {@code name}, or empty if it only leads (it follows nothing). */
  public Optional<Policy> policy(String name) {
    return Optional.ofNullable(declared(name).policy);
  }

  /** The applications {@code name} follows, in the order their pipes were declared. */
  public List<String> leaders(String name) {
    return List.copyOf(declared(name).leaders.keySet());
  }

  /** The applications that follow {@code name}, in declaration order. */
  public List<String> followers(String name) {
    declared(name);
    List<String> followers = new ArrayList<>();
    for (Map.Entry<String, Declared> entry : applications.entrySet()) {
      if (entry.getValue().leaders.containsKey(name)) {
        followers.add(entry.getKey());
      }
    }
    return followers;
  }

  /**
   * The topics {@code follower} reads from {@code leader} (empty: every topic).
   *
   * @throws IllegalArgumentException if there is no pipe from {@code leader} to {@code follower}
   */
  public Set<String> topics(String leader, String follower) {
    Set<String> topics = declared(follower).leaders.get(leader);
    if (topics == null) {
      throw new IllegalArgumentException(
          "there is no pipe from '" + leader + "' to '" + follower + "'");
    }
    return topics;
  }

  /** Whether the system declares an application called {@code name}. */
  public boolean contains(String name) {
    return applications.containsKey(name);
  }

  private Declared declared(String name) {
    Declared declared = applications.get(name);
    if (declared == null) {
      throw new IllegalArgumentException(
          "the system has no application '" + name + "'; it has " + applications.keySet());
    }
    return declared;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("ProcessSystem[");
    String separator = "";
    for (Map.Entry<String, Declared> entry : applications.entrySet()) {
      text.append(separator).append(entry.getKey());
      if (!entry.getValue().leaders.isEmpty()) {
        text.append(" <- ").append(entry.getValue().leaders.keySet());
      }
      separator = ", ";
    }
    return text.append(']').toString();
  }

  private record Declared(Policy policy, Map<String, Set<String>> leaders) {}

  /** Declares the applications of a {@link ProcessSystem} and the pipes between them. */
  public static final class Builder {
    private final Map<String, Policy> policies = new LinkedHashMap<>();
    private final Map<String, Map<String, Set<String>>> leaders = new LinkedHashMap<>();
    private final List<String[]> pipes = new ArrayList<>();

    private Builder() {}

    /** Declares an application that only leads: it takes commands and follows nothing. */
    public Builder application(String name) {
      return declare(name, null);
    }

    /** Declares an application that reacts with {@code policy} to the events of its leaders. */
    public Builder application(String name, Policy policy) {
      return declare(name, Objects.requireNonNull(policy, "policy"));
    }

    private Builder declare(String name, Policy policy) {
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "application name '" + name + "' must be 1 to 100 letters, digits, '_', '.' or '-'");
      }
      if (policies.containsKey(name)) {
        throw new IllegalArgumentException("application '" + name + "' is declared twice");
      }
      policies.put(name, policy);
      leaders.putIfAbsent(name, new LinkedHashMap<>());
      return this;
    }

    /** Pipes every event of {@code leader} to {@code follower}. */
    public Builder pipe(String leader, String follower) {
      return pipe(leader, follower, Set.of());
    }

    /**
     * Pipes only the events of the given topics of {@code leader} to {@code follower} (empty: every
     * topic). A topic is the one an event is stored under, such as the generated codec's
     * {@code TOPIC} constant.
     */
    public Builder pipe(String leader, String follower, Set<String> topics) {
      Objects.requireNonNull(leader, "leader");
      Objects.requireNonNull(follower, "follower");
      pipes.add(new String[] {leader, follower});
      for (String[] pipe : pipes.subList(0, pipes.size() - 1)) {
        if (pipe[0].equals(leader) && pipe[1].equals(follower)) {
          throw new IllegalArgumentException(
              "the pipe from '" + leader + "' to '" + follower + "' is declared twice");
        }
      }
      if (leader.equals(follower)) {
        throw new IllegalArgumentException(
            "'" + leader + "' cannot follow itself; a loop needs" + " at least two applications");
      }
      leaders
          .computeIfAbsent(follower, name -> new LinkedHashMap<>())
          .put(leader, Set.copyOf(topics));
      return this;
    }

    /**
     * Checks the declaration and builds the system.
     *
     * @throws IllegalStateException if a pipe names an undeclared application, a follower has no
     *     policy, an application with a policy follows nothing, or nothing is declared
     */
    public ProcessSystem build() {
      if (policies.isEmpty()) {
        throw new IllegalStateException("the system declares no application");
      }
      for (String[] pipe : pipes) {
        for (String end : pipe) {
          if (!policies.containsKey(end)) {
            throw new IllegalStateException("the pipe from '" + pipe[0] + "' to '" + pipe[1]
                + "' names '" + end + "', which is not declared; declared: " + policies.keySet());
          }
        }
      }
      Map<String, Declared> declared = new LinkedHashMap<>();
      for (Map.Entry<String, Policy> entry : policies.entrySet()) {
        String name = entry.getKey();
        Map<String, Set<String>> followed = leaders.get(name);
        if (entry.getValue() == null && !followed.isEmpty()) {
          throw new IllegalStateException("'" + name + "' follows " + followed.keySet()
              + " but has no policy: declare it with application(\"" + name + "\", policy)");
        }
        if (entry.getValue() != null && followed.isEmpty()) {
          throw new IllegalStateException(
              "'" + name + "' has a policy but follows nothing:" + " pipe a leader to it");
        }
        declared.put(
            name,
            new Declared(
                entry.getValue(), Collections.unmodifiableMap(new LinkedHashMap<>(followed))));
      }
      return new ProcessSystem(Collections.unmodifiableMap(declared));
    }
  }
}
