package dev.recount.process;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The lines a {@link MultiProcessRunner} and its child JVMs exchange over the child's standard
 * input and output. Every line from a child starts with {@link #PREFIX}; other output is ignored.
 *
 * <pre>
 * child  -&gt; parent   recount ready &lt;log uri&gt; &lt;leaders it hears by LISTEN, a,b or -&gt; &lt;token&gt;
 *                    recount recorded            (its application stored events)
 *                    recount failed &lt;message&gt;    (escaped: \\ and \n)
 *                    recount paused              (it stopped processing)
 * parent -&gt; child    poll &lt;millis&gt;
 *                    leader &lt;name&gt; &lt;log uri&gt; &lt;token&gt;  (one per leader, unless "database")
 *                    database                    (read the leaders' logs from their databases)
 *                    go
 *                    prompt &lt;leader&gt;
 *                    pause
 *                    exit                        (or end of input)
 * </pre>
 */
final class ChildProtocol {
  static final String PREFIX = "recount ";
  static final String READY = "ready";
  static final String RECORDED = "recorded";
  static final String FAILED = "failed";
  static final String PAUSED = "paused";
  static final String POLL = "poll";
  static final String LEADER = "leader";
  static final String DATABASE = "database";
  static final String GO = "go";
  static final String PROMPT = "prompt";
  static final String PAUSE = "pause";
  static final String EXIT = "exit";

  private static final SecureRandom RANDOM = new SecureRandom();

  private ChildProtocol() {}

  /**
   * A bearer token for a child's log server: 32 random bytes, base64url. It travels only over the
   * pipes between the runner and its children, never in arguments or the environment, which other
   * users of the machine can read.
   */
  static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** One line: backslashes and line breaks escaped. */
  static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n");
  }

  static String unescape(String text) {
    StringBuilder plain = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(++i);
        plain.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
      } else {
        plain.append(c);
      }
    }
    return plain.toString();
  }

  /** What to report of a failure: its message, or its class if it has none. */
  static String describe(Throwable failure) {
    return failure.getMessage() == null ? failure.toString() : failure.getMessage();
  }
}
