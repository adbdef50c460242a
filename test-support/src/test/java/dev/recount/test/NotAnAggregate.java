package dev.recount.test;

import dev.recount.AggregateRoot;

/** An aggregate class the processor never saw: no @Aggregate, so no generated mutator. */
class NotAnAggregate extends AggregateRoot {}
