package dev.recount.examples.spring;

import dev.recount.Metadata;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sets the metadata of every event a request stores: its principal (here the {@code X-User} header;
 * a real service takes it from Spring Security) and its correlation id ({@code X-Request-Id}, if
 * the caller sent one). The trace id needs nothing here: with a tracing bridge, each save writes
 * its own.
 */
@Component
public class RequestMetadata extends OncePerRequestFilter {
  @Override
  @SuppressWarnings("try") // the scope is only opened and closed
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Metadata metadata;
    try {
      metadata = Metadata.empty()
          .withPrincipal(request.getHeader("X-User"))
          .withCorrelationId(request.getHeader("X-Request-Id"));
    } catch (IllegalArgumentException e) { // longer than Metadata.MAX_VALUE_LENGTH
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      response.setContentType("application/json");
      response
          .getWriter()
          .write("{\"error\": \"invalid\", \"message\": \"" + e.getMessage().replace("\"", "'")
              + "\"}");
      return;
    }
    try (Metadata.Scope scope = Metadata.scope(metadata)) {
      chain.doFilter(request, response);
    }
  }
}
