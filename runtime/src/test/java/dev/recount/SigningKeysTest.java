package dev.recount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The keys of signed checkpoints, and the checkpoint line that a verifying key checks. */
class SigningKeysTest {
  @Test
  void aPairIsStandardEd25519ThatSignsAndVerifies() throws Exception {
    SigningKeys.Pair keys = SigningKeys.generate();
    KeyFactory factory = KeyFactory.getInstance("Ed25519");
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(factory.generatePrivate(
        new PKCS8EncodedKeySpec(Base64.getDecoder().decode(keys.signingKey()))));
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(factory.generatePublic(
        new X509EncodedKeySpec(Base64.getDecoder().decode(keys.verifyingKey()))));
    verifier.update(new byte[] {1, 2, 3});

    assertThat(verifier.verify(signature)).isTrue();
  }

  @Test
  void theVerifyingKeyIsDerivedFromTheSigningKey() {
    for (int i = 0; i < 5; i++) {
      SigningKeys.Pair keys = SigningKeys.generate();
      assertThat(SigningKeys.verifyingKeyOf(keys.signingKey())).isEqualTo(keys.verifyingKey());
    }
  }

  @Test
  void aPairNeverPrintsItsSigningKey() {
    SigningKeys.Pair keys = SigningKeys.generate();

    assertThat(keys.toString()).doesNotContain(keys.signingKey()).contains(keys.verifyingKey());
  }

  @Test
  void somethingElseIsNotASigningKey() {
    assertThatThrownBy(() -> SigningKeys.verifyingKeyOf(CipherKeys.generate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an Ed25519 signing key");
  }

  @Test
  void aCheckpointLineReadsBackAndItsSignedTextIsTheLineWithoutTheSignature() {
    Checkpoint checkpoint = new Checkpoint(
        "recount_",
        42,
        40,
        "ab".repeat(32),
        1_700_000_000_000_000L,
        "0123456789abcdef",
        Base64.getEncoder().encodeToString(new byte[64]));

    String line = checkpoint.line();

    assertThat(line).doesNotContain("\n").startsWith("recount-checkpoint/1 recount_ 42 40 ");
    assertThat(Checkpoint.parse("  " + line + "\n")).isEqualTo(checkpoint);
    assertThat(line).isEqualTo(checkpoint.signedText() + " " + checkpoint.signature());
    assertThat(checkpoint.signedText().getBytes(StandardCharsets.UTF_8)).isNotEmpty();
  }

  @Test
  void aMalformedLineNamesWhatIsWrong() {
    String good =
        new Checkpoint("recount_", 42, 40, "ab".repeat(32), 1L, "0123456789abcdef", "AAAA").line();

    assertThatThrownBy(() -> Checkpoint.parse("hello"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a checkpoint line");
    assertThatThrownBy(() -> Checkpoint.parse(good.replace(" 40 ", " 50 ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed event count '50'");
    assertThatThrownBy(() -> Checkpoint.parse(good.replace("abab", "xyxy")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed chain");
  }
}
