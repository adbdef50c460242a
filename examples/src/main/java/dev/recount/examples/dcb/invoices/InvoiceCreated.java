package dev.recount.examples.dcb.invoices;

import dev.recount.annotations.Event;
import dev.recount.annotations.Tag;

/** An invoice was created with the next number. */
@Event(standalone = true)
public record InvoiceCreated(@Tag("invoice") int number, String customer, long cents) {}
