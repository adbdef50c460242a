package dev.recount.examples.dcb;

import dev.recount.Application;
import dev.recount.dcb.DcbStore;
import dev.recount.examples.dcb.courses.CourseId;
import dev.recount.examples.dcb.courses.Courses;
import dev.recount.examples.dcb.courses.StudentId;
import dev.recount.examples.dcb.courses.SubscriptionRefused;
import dev.recount.examples.dcb.invoices.Invoices;
import dev.recount.examples.dcb.usernames.Accounts;
import dev.recount.examples.dcb.usernames.UsernameTaken;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code dcb}: the three examples of the DCB specification, one after the other: a course fills up,
 * a username is refused while taken and free once its account closes, and invoices get the next
 * numbers. Names carry a random suffix, so that runs against one file database do not meet; invoice
 * numbers continue from the last run.
 */
public final class DcbExample {
  private DcbExample() {}

  public static void run(Map<String, String> environment, PrintStream out) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (Application app = Application.builder().environment(environment).build()) {
      DcbStore dcb = DcbStore.of(app);

      Courses courses = new Courses(dcb);
      CourseId maths = new CourseId("maths-" + run);
      courses.define(maths, 2);
      out.println("course " + maths.value() + " defined with 2 places");
      for (String student : List.of("ada", "bo", "cy")) {
        try {
          courses.subscribe(new StudentId(student + "-" + run), maths);
          out.println(student + " subscribed");
        } catch (SubscriptionRefused e) {
          out.println(student + " refused: " + e.getMessage());
        }
      }

      Accounts accounts = new Accounts(dcb);
      String username = "ada-" + run;
      accounts.register("account-1-" + run, username);
      out.println("username " + username + " registered");
      try {
        accounts.register("account-2-" + run, username);
      } catch (UsernameTaken e) {
        out.println("second registration refused: " + e.getMessage());
      }
      accounts.close("account-1-" + run);
      accounts.register("account-2-" + run, username);
      out.println("account closed; the username is registered again by another account");

      Invoices invoices = new Invoices(dcb);
      List<Integer> numbers = new ArrayList<>();
      for (String customer : List.of("ada", "bo", "cy")) {
        numbers.add(invoices.create(customer, 100));
      }
      out.println("invoices " + numbers + " created");
    }
  }
}
