package dev.recount.examples;

import dev.recount.CipherKeys;
import dev.recount.RecountException;
import dev.recount.examples.bank.BankExample;
import dev.recount.examples.orders.OrdersExample;
import dev.recount.examples.world.WorldExample;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The examples jar: {@code java -jar examples/target/examples.jar <command>}, configured by the
 * environment ({@code DB_URI}, {@code CIPHER_KEY}, ...).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Runs one command with the given environment; returns the process exit code. */
  static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
    String command = args.length == 0 ? "" : args[0];
    try {
      switch (command) {
        case "world":
          WorldExample.run(environment, out);
          return 0;
        case "verify":
          // The audit is the operator's tool now, which needs neither the key nor these classes.
          err.println("verify has moved: java -jar cli/target/recount.jar audit --url <jdbc-url>"
              + " checks every store in a database (docs/CLI.md)");
          return 2;
        case "keygen":
          out.println(CipherKeys.generate());
          return 0;
        case "orders":
          return OrdersExample.run(rest(args), environment, out, err);
        case "orders-child":
          return OrdersExample.runChild(rest(args), environment);
        case "bank":
          BankExample.run(environment, out);
          return 0;
        default:
          err.println(usage(command));
          return 2;
      }
    } catch (RecountException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private static List<String> rest(String[] args) {
    return Arrays.asList(args).subList(1, args.length);
  }

  private static String usage(String command) {
    return (command.isEmpty() ? "" : "unknown command '" + command + "'\n")
        + "usage: java -jar examples.jar <command>\n"
        + "  world    run the World synopsis against DB_URI (default: in-memory H2)\n"
        + "  keygen   print a new random CIPHER_KEY\n"
        + "  orders --runner single|threads|processes [--count N]\n"
        + "           run the orders -> reservations -> payments system; print orders paid/s\n"
        + "  bank     open accounts, transfer between them, and see the welcome emails";
  }
}
