package dev.recount.examples.dcb.courses;

/** Identifies a student; tagged as {@code student:<value>}. */
public record StudentId(String value) {}
