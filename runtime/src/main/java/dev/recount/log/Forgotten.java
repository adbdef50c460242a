package dev.recount.log;

import java.time.Instant;

/**
 * What a {@link Notification} holds as its event when the event's aggregate was forgotten (its data
 * key destroyed, see {@code Application.forget}): a tombstone in the event's place, with the
 * notification's id, aggregate, version, time and topic as stored, so that followers neither stall
 * on it nor skip it silently. Policies that test {@code notification.event()} with
 * {@code instanceof} pass over it; the tracking record is written as for any other.
 *
 * @param forgottenAt when the aggregate's key was destroyed
 */
public record Forgotten(Instant forgottenAt) {}
