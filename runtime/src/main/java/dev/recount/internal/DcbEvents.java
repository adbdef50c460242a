package dev.recount.internal;

import java.util.Set;

/**
 * Events that are appended without an aggregate, through {@code dev.recount.dcb.DcbStore}: which
 * classes they are, and (as an {@link EventMapping}) their topics, codecs and tags. Implemented by
 * generated code and registered as a {@link java.util.ServiceLoader} provider of this interface
 * ({@code META-INF/services/dev.recount.internal.DcbEvents}), so that every reader (the DCB read,
 * the notification log, the audit) decodes such an event by its topic. A topic belongs to one
 * provider, and to no aggregate.
 */
public interface DcbEvents extends EventMapping {
  /** The event record classes this mapping writes: exactly those {@link #topicOf} answers for. */
  Set<Class<?>> eventClasses();
}
