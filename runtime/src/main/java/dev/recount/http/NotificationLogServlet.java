package dev.recount.http;

import dev.recount.Application;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The pages of {@link NotificationLogServer}, for a servlet container of one's own (Jakarta Servlet
 * 5 or later), which then owns the connections, their limits, TLS and, if it likes, the
 * authentication. Map it to a path and the subpaths below it, such as {@code /notifications/*}: the
 * log is then at {@code /notifications} and {@code /notifications/max}, and a
 * {@link RemoteNotificationLog} follows {@code https://host/context/notifications}.
 *
 * <p>The runtime does not depend on the servlet API: this class loads only where
 * {@code jakarta.servlet-api} is on the class path.
 */
public final class NotificationLogServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient LogResource resource;

  /** Serves {@code application}'s log to every request the container lets through. */
  public NotificationLogServlet(Application application) {
    this.resource = new LogResource(application, null);
  }

  /**
   * Serves {@code application}'s log to requests with {@code Authorization: Bearer <token>}; the
   * others get a 401.
   */
  public NotificationLogServlet(Application application, String bearerToken) {
    this.resource =
        new LogResource(application, java.util.Objects.requireNonNull(bearerToken, "bearerToken"));
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String base = request.getContextPath() + request.getServletPath();
    String path = base + (request.getPathInfo() == null ? "" : request.getPathInfo());
    LogResource.Response answer = resource.handle(
        request.getMethod(),
        base,
        path,
        request.getQueryString(),
        request.getHeader("Authorization"));
    response.setStatus(answer.status());
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "no-store");
    if (answer.challenge()) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"recount\"");
    }
    if (answer.methodNotAllowed()) {
      response.setHeader("Allow", "GET");
    }
    response.setContentLength(answer.body().length);
    response.getOutputStream().write(answer.body());
  }
}
