package dev.recount.internal;

import java.time.Instant;

/**
 * An event triggered but not yet stored: its version and timestamp were fixed when it was
 * triggered.
 */
public record PendingEvent(long version, Instant timestamp, Object event) {}
