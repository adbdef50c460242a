package dev.recount.store;

import dev.recount.ConfigurationError;
import dev.recount.SigningKeys;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys and signatures, from the JDK's own provider. Keys travel as base64 of their standard
 * DER encodings (PKCS#8 for the signing key, X.509 SubjectPublicKeyInfo for the verifying key), the
 * forms {@code openssl genpkey -algorithm ed25519} and {@code openssl pkey -pubout} write.
 */
final class Ed25519 {
  private Ed25519() {}

  static PrivateKey signingKey(String setting, String base64) {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePrivate(new PKCS8EncodedKeySpec(decode(setting, base64)));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new ConfigurationError(
          setting,
          "is not an Ed25519 signing key (base64 of PKCS#8 DER); generate one with"
              + " SigningKeys.generate()",
          e);
    }
  }

  static PublicKey verifyingKey(String setting, String base64) {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePublic(new X509EncodedKeySpec(decode(setting, base64)));
    } catch (GeneralSecurityException e) {
      throw new ConfigurationError(
          setting,
          "is not an Ed25519 verifying key (base64 of X.509 SubjectPublicKeyInfo DER); it is"
              + " the second key SigningKeys.generate() makes",
          e);
    }
  }

  /** The verifying key of a signing key ({@link SigningKeys#verifyingKeyOf}). */
  static PublicKey verifyingKeyOf(String setting, PrivateKey signing) {
    return verifyingKey(
        setting,
        SigningKeys.verifyingKeyOf(Base64.getEncoder().encodeToString(signing.getEncoded())));
  }

  /** A short name of a verifying key: the first 8 bytes of SHA-256 of its encoding, in hex. */
  static String keyId(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return dev.recount.internal.Hex.encode(java.util.Arrays.copyOf(digest, 8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(key);
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  static boolean verify(PublicKey key, byte[] message, byte[] signed) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initVerify(key);
      signature.update(message);
      return signature.verify(signed);
    } catch (GeneralSecurityException e) {
      return false; // a malformed signature proves nothing, like a wrong one
    }
  }

  private static byte[] decode(String setting, String base64) {
    if (base64 == null || base64.isBlank()) {
      throw new ConfigurationError(setting, "is set but blank");
    }
    try {
      return Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationError(setting, "is not valid base64", e);
    }
  }
}
