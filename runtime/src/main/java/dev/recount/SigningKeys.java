package dev.recount;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Makes Ed25519 keys for signed checkpoints of the notification log: the signing key goes in
 * {@code SIGNING_KEY} of the application that writes, the verifying key to auditors (it is public).
 * Both are base64 of the standard DER encodings (PKCS#8 and X.509), which OpenSSL reads and writes
 * too ({@code openssl genpkey -algorithm ed25519 -outform DER | base64 -w0}).
 */
public final class SigningKeys {
  private SigningKeys() {}

  /**
   * A new key pair.
   *
   * @param signingKey base64 PKCS#8: secret, for {@code SIGNING_KEY}; keep it out of the database
   *     and away from whoever administers it
   * @param verifyingKey base64 X.509: public, for audits
   */
  public record Pair(String signingKey, String verifyingKey) {
    @Override
    public String toString() {
      return "SigningKeys.Pair{verifyingKey=" + verifyingKey + "}"; // never the secret one
    }
  }

  /** A new random Ed25519 key pair. */
  public static Pair generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      return new Pair(
          Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
          Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime since 15 has Ed25519", e);
    }
  }

  /**
   * The verifying key of a signing key, both base64 as {@link #generate} makes them.
   *
   * @throws IllegalArgumentException if {@code signingKey} is not base64 of an Ed25519 PKCS#8 key
   */
  public static String verifyingKeyOf(String signingKey) {
    PrivateKey signing;
    try {
      signing = KeyFactory.getInstance("Ed25519")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(signingKey.trim())));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not an Ed25519 signing key (base64 of PKCS#8 DER): " + e.getMessage(), e);
    }
    byte[] seed = ((EdECPrivateKey) signing)
        .getBytes()
        .orElseThrow(() -> new IllegalArgumentException("the signing key's bytes cannot be read"));
    // The JDK has no call for this, but its generator takes the private key's 32 bytes from the
    // random source it is given. A signature checks the result, so a generator that worked
    // otherwise would fail here rather than hand out a wrong key.
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
      PublicKey derived = generator.generateKeyPair().getPublic();
      byte[] probe = "recount: deriving the verifying key".getBytes(StandardCharsets.UTF_8);
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(signing);
      signer.update(probe);
      byte[] signed = signer.sign();
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(derived);
      verifier.update(probe);
      if (!verifier.verify(signed)) {
        throw new IllegalStateException(
            "this Java runtime's Ed25519 generator did not derive the verifying key");
      }
      return Base64.getEncoder().encodeToString(derived.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime since 15 has Ed25519", e);
    }
  }

  /** A random source that hands out the given bytes: the private key, to the generator. */
  private static final class FixedBytes extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;

    FixedBytes(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] out) {
      if (out.length != bytes.length) {
        throw new IllegalStateException("the generator asked for " + out.length + " bytes");
      }
      System.arraycopy(bytes, 0, out, 0, out.length);
    }
  }
}
