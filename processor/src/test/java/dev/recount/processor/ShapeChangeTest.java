package dev.recount.processor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the schema check says changed between a recorded shape and the code's. */
class ShapeChangeTest {
  @Test
  void namesAddedRemovedAndRetypedComponents() {
    assertThat(ShapeChange.describe(
            "(owner: String, cents: int, note: String)",
            "(owner: String, cents: long, currency: String)"))
        .isEqualTo("cents changed from int to long; added currency: String; removed note");
  }

  @Test
  void comparesNestedRecordsAndTypeArgumentsAsOneType() {
    assertThat(ShapeChange.describe(
            "(deposit: (cents: long), tags: Map<String, List<String>>)",
            "(deposit: (cents: long, currency: String), tags: Map<String, List<String>>)"))
        .isEqualTo("deposit changed from (cents: long) to (cents: long, currency: String)");
  }

  @Test
  void saysWhenOnlyTheOrderChanged() {
    assertThat(ShapeChange.describe("(a: int, b: int)", "(b: int, a: int)"))
        .isEqualTo("the components changed order");
  }

  @Test
  void handlesEmptyShapes() {
    assertThat(ShapeChange.describe("()", "(a: int)")).isEqualTo("added a: int");
  }
}
