package com.acme.courses;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import dev.recount.annotations.Tag;
import java.util.UUID;

@Aggregate
public class Student extends AggregateRoot {
  String name;
  Level level;

  public enum Level {
    UNDERGRADUATE,
    GRADUATE
  }

  @Event
  public record Registered(@Tag("student") StudentId student, String name, @Tag("level") Level level) {}

  @Event
  public record Renamed(String name) {}

  @Event
  public record Enrolled(@Tag("student") StudentId student, @Tag("program") UUID program) {}

  @Apply
  void on(Registered event) {
    name = event.name();
    level = event.level();
  }

  @Apply
  void on(Renamed event) {
    name = event.name();
  }

  @Apply
  void on(Enrolled event) {}
}
