package com.acme.shop;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;

@Aggregate
public class Order extends AggregateRoot {
  int lines;

  @Event(aliases = "com.acme.shop.Order.Opened")
  public record Placed(String customer) {}

  @Event
  public record LineAdded(String item, int quantity) {}

  @Event
  public record Cancelled() {}

  @Apply
  void on(Placed event) {}

  @Apply
  void on(LineAdded event) {
    lines++;
  }

  @Apply
  void on(Cancelled event) {}
}
