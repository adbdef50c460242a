package dev.recount.examples.scaling;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host of its own for a child JVM: a network namespace made by the test, joined to this one by a
 * veth pair with a /30 of its own (this side .1, the namespace's .2). The test cuts it off by
 * taking this side's link down, as a pulled cable would: the packets of established connections are
 * dropped, not answered, so they hang instead of failing; and heals it by taking the link up. Needs
 * root and iproute2.
 *
 * <p>Names carry this JVM's process id ({@code rcns<pid>-<i>}, links {@code rch<pid>-<i>} here and
 * {@code rcn<pid>-<i>} there), so that tests in two JVMs at once do not collide and those left by a
 * JVM that died can be told apart from a live one's and removed.
 */
final class NamespaceHost implements AutoCloseable {
  private static final Pattern NAMESPACE = Pattern.compile("rcns(\\d+)-(\\d+)");
  /** Marks this class's blackhole routes. */
  private static final String METRIC = "4213";

  private final String namespace;
  private final String hostLink;
  private final String subnet;
  private final String hostAddress;
  private final String namespaceAddress;

  private NamespaceHost(int index) {
    long pid = ProcessHandle.current().pid();
    this.namespace = "rcns" + pid + "-" + index;
    this.hostLink = "rch" + pid + "-" + index;
    // A /30 per JVM and index out of 10.213.0.0/16 to 10.216.0.0/16; two live JVMs whose process
    // ids agree modulo 16384 would share one, which create() refuses.
    int offset = (int) (pid % 16384) * 4;
    String network = "10." + (213 + index) + "." + (offset >> 8) + ".";
    int base = offset & 255;
    this.subnet = network + base + "/30";
    this.hostAddress = network + (base + 1);
    this.namespaceAddress = network + (base + 2);
  }

  /**
   * Makes the namespace {@code index} (0 to 3) of this JVM, its veth pair and addresses, both links
   * up, and a blackhole route for its /30 behind the link's own, so that while the link is down the
   * packets for the namespace are dropped here rather than sent out of the default route.
   *
   * @throws IOException if a command fails (no root, no iproute2, a namespace of that name)
   */
  static NamespaceHost create(int index) throws IOException, InterruptedException {
    if (index < 0 || index > 3) {
      throw new IllegalArgumentException("index " + index);
    }
    NamespaceHost host = new NamespaceHost(index);
    if (!run("ip", "-4", "-o", "addr", "show", "to", host.subnet).isBlank()) {
      throw new IOException(host.subnet + " is already in use here");
    }
    String namespaceLink = "rcn" + host.hostLink.substring(3);
    try {
      run("ip", "netns", "add", host.namespace);
      run(
          "ip",
          "link",
          "add",
          host.hostLink,
          "type",
          "veth",
          "peer",
          "name",
          namespaceLink,
          "netns",
          host.namespace);
      run("ip", "addr", "add", host.hostAddress + "/30", "dev", host.hostLink);
      run("ip", "link", "set", host.hostLink, "up");
      run("ip", "route", "add", "blackhole", host.subnet, "metric", METRIC);
      host.inside("ip", "addr", "add", host.namespaceAddress + "/30", "dev", namespaceLink);
      host.inside("ip", "link", "set", namespaceLink, "up");
      host.inside("ip", "link", "set", "lo", "up");
    } catch (IOException | InterruptedException | RuntimeException e) {
      host.close();
      throw e;
    }
    return host;
  }

  /**
   * Removes the namespaces, links and routes of this class that JVMs no longer alive left behind (a
   * test JVM killed before its cleanup).
   */
  static void removeStale() throws IOException, InterruptedException {
    for (String line : run("ip", "netns", "list").split("\n")) {
      Matcher name = NAMESPACE.matcher(line.trim());
      if (name.lookingAt() && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()) {
        runQuietly("ip", "netns", "del", name.group());
        runQuietly("ip", "link", "del", "rch" + name.group(1) + "-" + name.group(2));
      }
    }
    // A blackhole route of this class whose link is gone is stale.
    for (String line : run("ip", "-4", "route", "show", "type", "blackhole").split("\n")) {
      String[] words = line.trim().split("\\s+");
      if (words.length >= 4 && words[0].equals("blackhole") && line.contains("metric " + METRIC)) {
        String prefix = words[1];
        String first = prefix.substring(0, prefix.lastIndexOf('.') + 1)
            + (Integer.parseInt(prefix.substring(prefix.lastIndexOf('.') + 1, prefix.indexOf('/')))
                + 1);
        if (run("ip", "-4", "-o", "addr", "show", "to", first + "/32").isBlank()) {
          runQuietly("ip", "route", "del", "blackhole", prefix, "metric", METRIC);
        }
      }
    }
  }

  /** This side's address, where the namespace reaches this host. */
  String hostAddress() {
    return hostAddress;
  }

  /** The command prefix that runs a command inside the namespace. */
  List<String> exec() {
    return List.of("ip", "netns", "exec", namespace);
  }

  /** Cuts the namespace off: this side's link goes down. */
  void cut() throws IOException, InterruptedException {
    run("ip", "link", "set", hostLink, "down");
  }

  /** Joins it again: this side's link goes up. */
  void heal() throws IOException, InterruptedException {
    run("ip", "link", "set", hostLink, "up");
  }

  /**
   * The namespace's established TCP connections that have data sent but not acknowledged: while it
   * is cut off, those hang, retransmitted in vain.
   */
  int stuckConnections() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(exec());
    command.addAll(List.of("ss", "-tnH", "state", "established"));
    int stuck = 0;
    for (String line : run(command.toArray(String[]::new)).split("\n")) {
      String[] columns = line.trim().split("\\s+");
      // Recv-Q, Send-Q, local address, peer address
      if (columns.length >= 4 && Long.parseLong(columns[1]) > 0) {
        stuck++;
      }
    }
    return stuck;
  }

  /**
   * Removes the namespace (and with it the pair of links) and the route; tolerates their absence.
   */
  @Override
  public void close() {
    try {
      runQuietly("ip", "netns", "del", namespace);
      runQuietly("ip", "link", "del", hostLink);
      runQuietly("ip", "route", "del", "blackhole", subnet, "metric", METRIC);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void inside(String... command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(exec());
    full.addAll(List.of(command));
    run(full.toArray(String[]::new));
  }

  /** Runs a command; its output, or an IOException with it if it fails or takes over 10 s. */
  static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " took over 10 s");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output.trim());
    }
    return output;
  }

  private static void runQuietly(String... command) throws InterruptedException {
    try {
      run(command);
    } catch (IOException e) {
      // Already gone.
    }
  }
}
