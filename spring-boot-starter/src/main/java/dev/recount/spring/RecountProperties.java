package dev.recount.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code recount.*} properties: the settings of the {@link dev.recount.Application} the starter
 * makes. The database is the context's {@code DataSource} ({@code spring.datasource.*}). Unset
 * properties keep the application's defaults.
 */
@ConfigurationProperties("recount")
public class RecountProperties {
  /** Base64 AES key that encrypts stored state ({@code CIPHER_KEY}); none by default. */
  private String cipherKey;
  /** {@code zlib} or {@code none} ({@code COMPRESSOR}). */
  private String compressor;
  /** A snapshot every N events, 0 for none ({@code SNAPSHOTTING_INTERVAL}). */
  private Integer snapshottingInterval;
  /** Hash and chain every stored record, and check on load ({@code HASH_CHAIN}). */
  private Boolean hashChain;
  /** Prefix of the table names ({@code TABLE_PREFIX}). */
  private String tablePrefix;
  /** Create the missing tables at start ({@code CREATE_TABLES}). */
  private Boolean createTables;
  /** Only read: create nothing, refuse saves ({@code READ_ONLY}). */
  private Boolean readOnly;
  /** Largest stored state of one event, in bytes ({@code MAX_EVENT_BYTES}). */
  private Integer maxEventBytes;
  /** With a cipher key, also read records stored unencrypted ({@code ACCEPT_UNENCRYPTED}). */
  private Boolean acceptUnencrypted;

  public String getCipherKey() {
    return cipherKey;
  }

  public void setCipherKey(String cipherKey) {
    this.cipherKey = cipherKey;
  }

  public String getCompressor() {
    return compressor;
  }

  public void setCompressor(String compressor) {
    this.compressor = compressor;
  }

  public Integer getSnapshottingInterval() {
    return snapshottingInterval;
  }

  public void setSnapshottingInterval(Integer snapshottingInterval) {
    this.snapshottingInterval = snapshottingInterval;
  }

  public Boolean getHashChain() {
    return hashChain;
  }

  public void setHashChain(Boolean hashChain) {
    this.hashChain = hashChain;
  }

  public String getTablePrefix() {
    return tablePrefix;
  }

  public void setTablePrefix(String tablePrefix) {
    this.tablePrefix = tablePrefix;
  }

  public Boolean getCreateTables() {
    return createTables;
  }

  public void setCreateTables(Boolean createTables) {
    this.createTables = createTables;
  }

  public Boolean getReadOnly() {
    return readOnly;
  }

  public void setReadOnly(Boolean readOnly) {
    this.readOnly = readOnly;
  }

  public Integer getMaxEventBytes() {
    return maxEventBytes;
  }

  public void setMaxEventBytes(Integer maxEventBytes) {
    this.maxEventBytes = maxEventBytes;
  }

  public Boolean getAcceptUnencrypted() {
    return acceptUnencrypted;
  }

  public void setAcceptUnencrypted(Boolean acceptUnencrypted) {
    this.acceptUnencrypted = acceptUnencrypted;
  }
}
