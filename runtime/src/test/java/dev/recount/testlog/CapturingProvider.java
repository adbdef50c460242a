package dev.recount.testlog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J binding of the runtime's tests (registered in META-INF/services): hands each line to
 * the open {@link LogCapture}s. A few lines of SLF4J's own service-provider interface, so the tests
 * need no logging framework and the runtime ships none.
 */
public final class CapturingProvider implements SLF4JServiceProvider {
  private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
  private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, Captured::new);
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}

  private static final class Captured extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    Captured(String name) {
      this.name = name;
    }

    private static boolean capturing() {
      return !LogCapture.OPEN.isEmpty();
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return capturing();
    }

    @Override
    public boolean isInfoEnabled() {
      return capturing();
    }

    @Override
    public boolean isWarnEnabled() {
      return capturing();
    }

    @Override
    public boolean isErrorEnabled() {
      return capturing();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] arguments, Throwable error) {
      LogCapture.Line line = new LogCapture.Line(
          name, level, MessageFormatter.basicArrayFormat(pattern, arguments), error);
      for (LogCapture capture : LogCapture.OPEN) {
        capture.add(line);
      }
    }
  }
}
