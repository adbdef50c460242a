package dev.recount.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code recount.*} properties: the settings of the {@link dev.recount.Application} the starter
 * makes. The database is the context's {@code DataSource} ({@code spring.datasource.*}). Unset
 * properties keep the application's defaults.
 *
 * <p>The keys ({@code cipher-key}, {@code cipher-keys}, {@code integrity-key}, {@code signing-key})
 * are secrets: this class has no {@code toString} of its own (so none of them is ever printed from
 * it), the starter logs none of them, and Spring Boot's {@code configprops} actuator endpoint shows
 * no property values unless {@code management.endpoint.configprops.show-values} is set.
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
  /**
   * Named base64 AES keys, by id ({@code CIPHER_KEYS}): {@code recount.cipher-keys.k1=...}. Every
   * one reads; {@code cipher-key-id} names the one that encrypts new records.
   */
  private Map<String, String> cipherKeys = new LinkedHashMap<>();
  /** Which of {@code cipher-keys} encrypts new records ({@code CIPHER_KEY_ID}). */
  private String cipherKeyId;
  /**
   * A data key of its own for each aggregate, so that it can be forgotten ({@code SUBJECT_KEYS}).
   */
  private Boolean subjectKeys;
  /** Base64 key whose HMAC tag authenticates every record ({@code INTEGRITY_KEY}). */
  private String integrityKey;
  /** Base64 Ed25519 key that signs checkpoints of the log ({@code SIGNING_KEY}). */
  private String signingKey;
  /** A signed checkpoint after at most this many new events ({@code CHECKPOINT_INTERVAL}). */
  private Integer checkpointInterval;

  public Map<String, String> getCipherKeys() {
    return cipherKeys;
  }

  public void setCipherKeys(Map<String, String> cipherKeys) {
    this.cipherKeys = cipherKeys;
  }

  public String getCipherKeyId() {
    return cipherKeyId;
  }

  public void setCipherKeyId(String cipherKeyId) {
    this.cipherKeyId = cipherKeyId;
  }

  public Boolean getSubjectKeys() {
    return subjectKeys;
  }

  public void setSubjectKeys(Boolean subjectKeys) {
    this.subjectKeys = subjectKeys;
  }

  public String getIntegrityKey() {
    return integrityKey;
  }

  public void setIntegrityKey(String integrityKey) {
    this.integrityKey = integrityKey;
  }

  public String getSigningKey() {
    return signingKey;
  }

  public void setSigningKey(String signingKey) {
    this.signingKey = signingKey;
  }

  public Integer getCheckpointInterval() {
    return checkpointInterval;
  }

  public void setCheckpointInterval(Integer checkpointInterval) {
    this.checkpointInterval = checkpointInterval;
  }

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
