package dev.recount.examples.dcb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.examples.dcb.invoices.Invoices;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gap-free invoice numbers, one writer and racing writers. */
abstract class InvoicesContract extends ExampleDatabase {
  private Invoices invoices;

  @BeforeEach
  void invoices() {
    invoices = new Invoices(dcb);
  }

  @Test
  void invoicesAreNumberedFromOne() {
    assertThat(invoices.create("ada", 100)).isEqualTo(1);
    assertThat(invoices.create("bo", 200)).isEqualTo(2);
    assertThat(invoices.create("ada", 300)).isEqualTo(3);
  }

  @Test
  void racingWritersLeaveNoGapAndNoNumberTwice() throws InterruptedException {
    int perThread = 4;
    List<Callable<?>> tasks = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      String customer = "c" + i;
      tasks.add(() -> {
        List<Integer> numbers = new ArrayList<>();
        for (int j = 0; j < perThread; j++) {
          numbers.add(invoices.create(customer, 100));
        }
        return numbers;
      });
    }
    List<Integer> numbers = new ArrayList<>();
    for (Object outcome : race(tasks)) {
      assertThat(outcome).isInstanceOf(List.class);
      for (Object number : (List<?>) outcome) {
        numbers.add((Integer) number);
      }
    }

    assertThat(numbers)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.rangeClosed(1, THREADS * perThread).boxed().toList());
  }
}
