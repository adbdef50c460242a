package dev.recount.spring;

import dev.recount.Application;

/** The {@code recount.*} properties as an application builder's settings. */
final class RecountSettings {
  private RecountSettings() {}

  static Application.Builder builder(RecountProperties properties) {
    Application.Builder builder = Application.builder();
    if (properties.getCipherKey() != null) {
      builder.cipherKey(properties.getCipherKey());
    }
    if (properties.getCompressor() != null) {
      builder.compressor(properties.getCompressor());
    }
    if (properties.getSnapshottingInterval() != null) {
      builder.snapshottingInterval(properties.getSnapshottingInterval());
    }
    if (properties.getHashChain() != null) {
      builder.hashChain(properties.getHashChain());
    }
    if (properties.getTablePrefix() != null) {
      builder.tablePrefix(properties.getTablePrefix());
    }
    if (properties.getCreateTables() != null) {
      builder.createTables(properties.getCreateTables());
    }
    if (properties.getReadOnly() != null) {
      builder.readOnly(properties.getReadOnly());
    }
    if (properties.getMaxEventBytes() != null) {
      builder.maxEventBytes(properties.getMaxEventBytes());
    }
    if (properties.getAcceptUnencrypted() != null) {
      builder.acceptUnencrypted(properties.getAcceptUnencrypted());
    }
    if (properties.getCipherKeys() != null) {
      properties.getCipherKeys().forEach(builder::cipherKey);
    }
    if (properties.getCipherKeyId() != null) {
      builder.cipherKeyId(properties.getCipherKeyId());
    }
    if (properties.getSubjectKeys() != null) {
      builder.subjectKeys(properties.getSubjectKeys());
    }
    if (properties.getIntegrityKey() != null) {
      builder.integrityKey(properties.getIntegrityKey());
    }
    if (properties.getSigningKey() != null) {
      builder.signingKey(properties.getSigningKey());
    }
    if (properties.getCheckpointInterval() != null) {
      builder.checkpointInterval(properties.getCheckpointInterval());
    }
    return builder;
  }
}
