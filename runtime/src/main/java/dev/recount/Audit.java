package dev.recount;

/**
 * What {@link Application#audit()} checked: every aggregate replayed from its events with each hash
 * and the chain verified, and every snapshot checked against its hash and the chain.
 *
 * @param aggregates how many aggregates were replayed
 * @param events how many events were checked
 * @param snapshots how many snapshots were checked
 * @param staleSnapshots how many snapshots were written by another shape of their class (their
 *     hashes were checked; loading ignores them)
 */
public record Audit(long aggregates, long events, long snapshots, long staleSnapshots) {}
