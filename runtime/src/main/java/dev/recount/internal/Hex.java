package dev.recount.internal;

/** Hashes as text: how heads, log pages and audit reports show them. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /** The bytes as lower-case hex; empty for {@code null}. */
  public static String encode(byte[] bytes) {
    if (bytes == null) {
      return "";
    }
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /**
   * The bytes of a hex string.
   *
   * @throws IllegalArgumentException if it is not an even number of hex digits
   */
  public static byte[] decode(String hex) {
    if (hex.length() % 2 != 0) {
      throw new IllegalArgumentException("not a hex hash: '" + hex + "'");
    }
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int high = Character.digit(hex.charAt(2 * i), 16);
      int low = Character.digit(hex.charAt(2 * i + 1), 16);
      if (high < 0 || low < 0) {
        throw new IllegalArgumentException("not a hex hash: '" + hex + "'");
      }
      out[i] = (byte) (high << 4 | low);
    }
    return out;
  }
}
