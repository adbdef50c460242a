package dev.recount.examples;

import dev.recount.Application;
import dev.recount.Audit;
import dev.recount.DataIntegrityError;
import java.io.PrintStream;
import java.util.Map;

/** The {@code verify} command: audits every aggregate stored at {@code DB_URI}. */
final class Verify {
  private Verify() {}

  static int run(Map<String, String> environment, PrintStream out, PrintStream err) {
    try (Application app = Application.builder().environment(environment).build()) {
      Audit audit = app.audit();
      out.println("verified " + audit.aggregates() + " aggregates, " + audit.events()
          + " events and " + audit.snapshots() + " snapshots"
          + (audit.staleSnapshots() == 0
              ? ""
              : " (" + audit.staleSnapshots() + " written by older class shapes, ignored on load)")
          + ": every hash chain is intact");
      return 0;
    } catch (DataIntegrityError e) {
      err.println("corrupt: aggregate " + e.aggregateId() + " version " + e.version() + ": "
          + e.getMessage());
      return 3;
    }
  }
}
