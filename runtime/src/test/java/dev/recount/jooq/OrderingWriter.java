package dev.recount.jooq;

import dev.recount.StoredEvent;
import dev.recount.internal.RecordConflict;
import dev.recount.internal.Recorder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A writer process for {@link NotificationOrderingContract}: opens the recorder (creating the
 * tables if missing, as every process of an application does), prints {@code ready}, waits for
 * {@code go}, then saves, and prints {@code done <events stored>}.
 *
 * <p>Arguments: URL, user, password ("-" for none), table prefix, number of saves, random seed.
 * Each save stores 1 to 4 events of one or two aggregates; every seventh save also tries to store a
 * version that exists, which must fail as a whole with nothing written (and, in PostgreSQL, leaves
 * a gap in the ids).
 */
public final class OrderingWriter {
  private OrderingWriter() {}

  public static void main(String[] args) throws Exception {
    String password = args[2].equals("-") ? null : args[2];
    String user = args[1].equals("-") ? null : args[1];
    int saves = Integer.parseInt(args[4]);
    Random random = new Random(Long.parseLong(args[5]));
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (Recorder recorder = Recorders.open(args[0], user, password, args[3], true, 2)) {
      System.out.println("ready");
      if (!"go".equals(stdin.readLine())) {
        System.exit(3);
      }
      UUID previous = null;
      long stored = 0;
      for (int save = 1; save <= saves; save++) {
        List<StoredEvent> events = new ArrayList<>();
        UUID id = UUID.randomUUID();
        for (int v = 1, n = 1 + random.nextInt(3); v <= n; v++) {
          events.add(RecorderContract.event(id, v));
        }
        if (random.nextBoolean()) {
          events.add(RecorderContract.event(UUID.randomUUID(), 1));
        }
        if (save % 7 == 0 && previous != null) {
          events.add(RecorderContract.event(previous, 1));
          try {
            recorder.insert(events, List.of());
            throw new AssertionError("a stored version was stored again");
          } catch (RecordConflict expected) {
            continue;
          }
        }
        stored += recorder.insert(events, List.of()).size();
        previous = id;
      }
      System.out.println("done " + stored);
    }
    System.exit(0);
  }
}
