package dev.recount.examples.log;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed key pair and certificate for 127.0.0.1, made at test time with the JDK's keytool
 * into a temporary keystore, and the SSL contexts of a server that has it and a client that trusts
 * it.
 */
final class TestTls {
  private static final char[] PASSWORD = "test-only".toCharArray();
  private static KeyStore keys;

  private TestTls() {}

  private static synchronized KeyStore keys()
      throws IOException, GeneralSecurityException, InterruptedException {
    if (keys == null) {
      Path dir = Files.createTempDirectory("recount-tls");
      Path store = dir.resolve("server.p12");
      Process keytool = new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
              "-genkeypair",
              "-alias",
              "server",
              "-keyalg",
              "EC",
              "-groupname",
              "secp256r1",
              "-dname",
              "CN=localhost",
              "-ext",
              "SAN=ip:127.0.0.1,dns:localhost",
              "-validity",
              "2",
              "-storetype",
              "PKCS12",
              "-keystore",
              store.toString(),
              "-storepass",
              new String(PASSWORD),
              "-keypass",
              new String(PASSWORD))
          .redirectErrorStream(true)
          .start();
      String output = new String(keytool.getInputStream().readAllBytes());
      if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
        keytool.destroyForcibly();
        throw new IOException("keytool failed: " + output);
      }
      KeyStore loaded = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        loaded.load(in, PASSWORD);
      }
      Files.delete(store);
      Files.delete(dir);
      keys = loaded;
    }
    return keys;
  }

  /** The server's context: the key pair and its self-signed certificate. */
  static SSLContext server() throws Exception {
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keys(), PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(factory.getKeyManagers(), null, null);
    return context;
  }

  /** A client's context that trusts the server's certificate and nothing else. */
  static SSLContext client() throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("server", keys().getCertificate("server"));
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
