/**
 * Test fixtures for users' aggregates ({@code recount-test}, a test-scoped dependency):
 * {@link dev.recount.test.AggregateFixture} runs a command on an aggregate built from given events
 * and checks the events it triggered, or the exception it threw, and the state it left, with no
 * database.
 */
package dev.recount.test;
