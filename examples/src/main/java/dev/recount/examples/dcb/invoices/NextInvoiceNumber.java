package dev.recount.examples.dcb.invoices;

import dev.recount.annotations.Apply;
import dev.recount.annotations.DecisionModel;

/**
 * The next invoice number: one more than the highest created. No tag field, so the model reads
 * every {@code InvoiceCreated} event, and any new invoice fails a concurrent creation.
 */
@DecisionModel
final class NextInvoiceNumber {
  int next = 1;

  @Apply
  void on(InvoiceCreated event) {
    next = Math.max(next, event.number() + 1);
  }
}
