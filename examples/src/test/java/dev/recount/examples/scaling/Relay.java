package dev.recount.examples.scaling;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Relays TCP connections from an address of this host to the database's, byte for byte, a thread
 * per direction: the databases listen on loopback only, which a network namespace cannot reach. It
 * holds at most {@link #MAX_CONNECTIONS} at once and closes any beyond at once. It never closes a
 * connection by itself: while a namespace is cut off, its connections stay open here and at the
 * database, as they would at a server whose client's cable was pulled.
 */
final class Relay implements AutoCloseable {
  /** Two pools of four, their replacements, and a margin. */
  static final int MAX_CONNECTIONS = 40;

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger clientEnds = new AtomicInteger();
  private final Thread acceptor;

  /** Listens on {@code address}, on a port of the system's choice, for {@code target}. */
  Relay(String address, InetSocketAddress target) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getByName(address));
    this.target = target;
    this.acceptor = new Thread(this::accept, "relay-" + address);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** How many connections it has accepted so far. */
  int accepted() {
    return accepted.get();
  }

  /**
   * How many of them the client has ended, closing or resetting its side: the relay's own closes,
   * such as after the database's, are not counted.
   */
  int clientEnds() {
    return clientEnds.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (!slots.tryAcquire()) {
        closeQuietly(client);
        continue;
      }
      accepted.incrementAndGet();
      Socket upstream = new Socket();
      try {
        // Without it, Nagle's algorithm holds back each small write that follows another still
        // unacknowledged until the peer's delayed acknowledgement: a small PostgreSQL transaction
        // (three statements and a commit) took 16 to 22 ms through the relay instead of 0.4 to
        // 1.7 ms.
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        upstream.connect(target, 5_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
        slots.release();
        continue;
      }
      open.add(client);
      open.add(upstream);
      AtomicInteger directions = new AtomicInteger(2);
      Runnable ended = () -> {
        if (directions.decrementAndGet() == 0) {
          open.remove(client);
          open.remove(upstream);
          closeQuietly(client);
          closeQuietly(upstream);
          slots.release();
        }
      };
      pipe(client, upstream, clientEnds::incrementAndGet, ended, "relay-up");
      pipe(upstream, client, () -> {}, ended, "relay-down");
    }
  }

  /**
   * Copies {@code from} to {@code to} until {@code from} ends, then passes the end on; if either
   * fails, closes both, as a failed connection of the database's or the client's would.
   *
   * @param fromEnded run if {@code from}'s peer ends the connection (not if the relay closed it)
   */
  private static void pipe(
      Socket from, Socket to, Runnable fromEnded, Runnable ended, String name) {
    Thread thread = new Thread(
        () -> {
          byte[] buffer = new byte[16 * 1024];
          try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
              int read;
              try {
                read = in.read(buffer);
              } catch (IOException e) {
                if (!from.isClosed()) {
                  fromEnded.run();
                }
                throw e;
              }
              if (read < 0) {
                fromEnded.run();
                break;
              }
              out.write(buffer, 0, read);
            }
            to.shutdownOutput();
          } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
          } finally {
            ended.run();
          }
        },
        name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing anyway.
    }
  }

  /** Stops listening and closes every connection; their threads end. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // Closing anyway.
    }
    open.forEach(Relay::closeQuietly);
  }
}
