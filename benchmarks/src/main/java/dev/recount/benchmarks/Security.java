package dev.recount.benchmarks;

import dev.recount.CipherKeys;

/** Whether records are hash-chained and encrypted: each workload runs with both. */
enum Security {
  PLAIN("off", false, null),
  SECURE("on", true, CipherKeys.generate());

  /** How the table shows it. */
  final String label;

  final boolean hashChain;
  /** Base64 AES-256 key, fresh per run; {@code null}: no encryption. */
  final String cipherKey;

  Security(String label, boolean hashChain, String cipherKey) {
    this.label = label;
    this.hashChain = hashChain;
    this.cipherKey = cipherKey;
  }
}
