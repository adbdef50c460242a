package dev.recount.spring.shop;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import java.util.ArrayList;
import java.util.List;

/** A shopping cart: the aggregate of the starter's test service. */
@Aggregate
public class Cart extends AggregateRoot {
  final List<String> items = new ArrayList<>();

  @Event
  public record Opened() {}

  @Event
  public record ItemAdded(String item) {}

  public static Cart open() {
    return create(Cart::new, new Opened());
  }

  public void add(String item) {
    trigger(new ItemAdded(item));
  }

  public List<String> items() {
    return List.copyOf(items);
  }

  @Apply
  void on(Opened event) {}

  @Apply
  void on(ItemAdded event) {
    items.add(event.item());
  }
}
