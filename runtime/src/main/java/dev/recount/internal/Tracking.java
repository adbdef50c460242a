package dev.recount.internal;

import java.util.Objects;

/**
 * That an application has processed one notification of an upstream application: written in the
 * same transaction as what processing it produced, so it happens exactly once.
 *
 * @param application the processing application's name
 * @param upstream the upstream application's name
 * @param notificationId the id of the upstream notification
 */
public record Tracking(String application, String upstream, long notificationId) {
  public Tracking {
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(upstream, "upstream");
  }
}
