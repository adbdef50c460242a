package dev.recount.examples.crash;

import dev.recount.Application;
import dev.recount.ConcurrencyError;
import dev.recount.examples.bank.Bank;
import dev.recount.examples.bank.BankAccount;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child JVM of {@link KillLoop}: opens the bank on a database and saves until it is killed.
 * Every save it makes keeps the bank's total balance: transfers (two aggregates in one save, so
 * that concurrent ones form group commit batches) and "round trips" (a deposit and a withdrawal of
 * the same amount on one account, two events in one save of one aggregate). If a crash keeps part
 * of any save, the total moves.
 *
 * <p>Arguments: the JDBC URL, the user and the password ({@code -} for none), the table prefix, the
 * number of transfer threads, the number of round-trip threads, then the account ids. Prints
 * {@code ready} once its threads have made 50 saves, and nothing else on stdout; unexpected
 * failures go to stderr, and every quarter second a line starting {@code stats:} with the saves
 * made and the conflicts (saves refused, nothing written) so far.
 */
public final class TransferWriter {
  private TransferWriter() {}

  /** The saves a {@code stats:} line reports (0 for {@code stats: none}). */
  static long savesIn(String stats) {
    String[] words = stats.split(" ");
    return words.length > 2 && words[2].equals("saves,") ? Long.parseLong(words[1]) : 0;
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1].equals("-") ? null : args[1];
    String password = args[2].equals("-") ? null : args[2];
    String tablePrefix = args[3];
    int transferThreads = Integer.parseInt(args[4]);
    int roundTripThreads = Integer.parseInt(args[5]);
    List<UUID> accounts = new ArrayList<>();
    for (int i = 6; i < args.length; i++) {
      accounts.add(UUID.fromString(args[i]));
    }
    Application application = Application.builder()
        .dbUri(url)
        .dbUser(user)
        .dbPassword(password)
        .tablePrefix(tablePrefix)
        .build();
    Bank bank = new Bank(application);
    AtomicLong saves = new AtomicLong();
    AtomicLong conflicts = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < transferThreads + roundTripThreads; t++) {
      boolean transfers = t < transferThreads;
      Thread thread = new Thread(
          () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (true) {
              UUID from = accounts.get(random.nextInt(accounts.size()));
              BigDecimal amount = BigDecimal.valueOf(1 + random.nextInt(50));
              try {
                if (transfers) {
                  UUID to = accounts.get(random.nextInt(accounts.size()));
                  if (to.equals(from)) {
                    continue;
                  }
                  bank.transfer(from, to, amount);
                } else {
                  BankAccount account = bank.account(from);
                  account.deposit(amount);
                  account.withdraw(amount);
                  application.save(account);
                }
                saves.incrementAndGet();
              } catch (ConcurrencyError e) {
                // Another thread saved one of the accounts first: nothing was written; go on.
                conflicts.incrementAndGet();
              } catch (RuntimeException e) {
                e.printStackTrace();
              }
            }
          },
          (transfers ? "transfer-" : "round-trip-") + t);
      thread.setDaemon(true);
      threads.add(thread);
    }
    threads.forEach(Thread::start);
    // Warm up first, so that the kill falls among saves in full flow, not in class loading.
    while (saves.get() < 50) {
      Thread.sleep(10);
    }
    System.out.println("ready");
    System.out.flush();
    while (true) {
      Thread.sleep(250);
      System.err.println("stats: " + saves.get() + " saves, " + conflicts.get() + " conflicts");
    }
  }
}
