package dev.recount;

/**
 * What an audit checked ({@link Application#audit()}, {@link Application#audit(AuditOptions)}).
 *
 * @param aggregates how many aggregates were checked
 * @param events how many events were checked: each one's hash, its place in its aggregate's chain,
 *     its integrity tag (with an {@code INTEGRITY_KEY}) and, unless only records were audited, its
 *     decryption and decoding
 * @param snapshots how many snapshots were checked: each one's hash, its head against the event at
 *     its version, its tag, and unless only records were audited, its state's decoding
 * @param staleSnapshots how many of them were written by another shape of their class (their hashes
 *     and heads were checked; loading ignores them, and a deep audit cannot compare them)
 * @param replayedSnapshots how many snapshots a deep audit proved equal to the state their
 *     aggregate's events replay to at their version; 0 unless the audit was deep
 * @param checkpointedUpTo the notification id up to which signed checkpoints proved every event
 *     present and unchanged; 0 if no checkpoint was checked (no verifying key, or none stored)
 * @param checkpointedEvents how many events those checkpoints cover
 * @param lastNotificationId the largest notification id in the log when the audit ended (when no
 *     checkpoints were checked, the largest the audit read): the events after
 *     {@code checkpointedUpTo} are checked as records and chains only
 */
public record Audit(
    long aggregates,
    long events,
    long snapshots,
    long staleSnapshots,
    long replayedSnapshots,
    long checkpointedUpTo,
    long checkpointedEvents,
    long lastNotificationId) {}
