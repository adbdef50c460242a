package dev.recount.processor;

import dev.recount.processor.ValueTypes.Component;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.List;

/**
 * Names a snapshot shape: its version and a digest of its stored values. Stored with every
 * snapshot, it lets the runtime pick the reader of the shape a snapshot was written with, or ignore
 * a snapshot that no reader fits.
 */
final class Fingerprints {
  private Fingerprints() {}

  /**
   * {@code <digest>} for version 1 and {@code <version>/<digest>} after it, so that two versions of
   * the same shape (a bump for a change of meaning) stay apart.
   */
  static String of(int version, List<Component> values) {
    String digest = digest(shape(values));
    return version == 1 ? digest : version + "/" + digest;
  }

  /**
   * {@code name:shape;} per value, sorted by name: snapshots store values by name, so an old shape
   * declared with its components in another order is the same shape.
   */
  static String shape(List<Component> values) {
    StringBuilder shape = new StringBuilder();
    values.stream()
        .sorted(Comparator.comparing(Component::name))
        .forEach(value ->
            shape.append(value.name()).append(':').append(value.type().shape()).append(';'));
    return shape.toString();
  }

  private static String digest(String shape) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(shape.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < 16; i++) {
        hex.append(String.format("%02x", digest[i]));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
