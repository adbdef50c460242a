package dev.recount.examples.dcb.invoices;

import dev.recount.dcb.DcbStore;
import dev.recount.dcb.Decision;
import dev.recount.examples.dcb.DecideAgain;

/**
 * Gap-free invoice numbers, the third example of the DCB specification: invoices are numbered 1, 2,
 * 3, ... with no number missing or used twice, however many writers create them at once. The
 * boundary is every invoice: two creations that read the same last number cannot both append.
 */
public final class Invoices {
  private final DcbStore dcb;

  public Invoices(DcbStore dcb) {
    this.dcb = dcb;
  }

  /** Creates an invoice with the next number, and returns that number. */
  public int create(String customer, long cents) {
    return DecideAgain.onConflict(() -> {
      NextInvoiceNumber numbers = new NextInvoiceNumber();
      Decision decision = Decision.read(dcb, numbers);
      decision.append(new InvoiceCreated(numbers.next, customer, cents));
      return numbers.next;
    });
  }
}
