package dev.recount.dcb;

import dev.recount.Application;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A racer process for {@link DcbRaceContract}: opens the application and prints {@code ready}; then
 * on {@code read <round>} each of its threads reads the round's boundary ({@code seat:<round>}) and
 * it prints {@code decided <round>}; on {@code append <round>} each thread appends with the head it
 * read as the condition, and it prints {@code won <round> <appends that succeeded>}; on
 * {@code quit} it exits.
 *
 * <p>Arguments: URL, user, password ("-" for none), table prefix, threads.
 */
public final class DcbRacer {
  private DcbRacer() {}

  public static void main(String[] args) throws Exception {
    String user = args[1].equals("-") ? null : args[1];
    String password = args[2].equals("-") ? null : args[2];
    int threads = Integer.parseInt(args[4]);
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (Application app = Application.builder()
        .dbUri(args[0])
        .dbUser(user)
        .dbPassword(password)
        .tablePrefix(args[3])
        .poolSize(threads)
        .build()) {
      DcbStore dcb = DcbStore.of(app);
      System.out.println("ready");
      long[] heads = new long[threads];
      String line;
      while ((line = stdin.readLine()) != null && !line.equals("quit")) {
        String[] command = line.split(" ");
        String round = command[1];
        Query boundary = Query.of(QueryItem.tags("seat:" + round));
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          results.add(pool.submit(() -> {
            if (command[0].equals("read")) {
              heads[thread] = dcb.read(boundary).head();
              return true;
            }
            try {
              dcb.append(
                  List.of(Marked.of(ProcessHandle.current().pid() + "/" + thread, "seat:" + round)),
                  AppendCondition.failIfEventsMatch(boundary, heads[thread]));
              return true;
            } catch (AppendConditionFailed lost) {
              return false;
            }
          }));
        }
        int won = 0;
        for (Future<Boolean> result : results) {
          won += result.get() ? 1 : 0;
        }
        System.out.println(
            command[0].equals("read") ? "decided " + round : "won " + round + " " + won);
      }
    } finally {
      pool.shutdownNow();
    }
    System.exit(0);
  }
}
