package dev.recount.internal;

/** Thrown by generated code for a stored topic that the aggregate class does not know. */
public final class UnknownTopicException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String topic;

  /** For a {@code topic} read from the store that no {@code @Event} of {@code aggregate} has. */
  public UnknownTopicException(String aggregate, String topic) {
    super("no @Event of " + aggregate + " has the topic '" + topic + "'; if its event was renamed"
        + " or moved, keep the old topic on the record with @Event(topic = \"" + topic + "\"), or"
        + " list it in the @Event(aliases = ...) of the event that replaces it");
    this.topic = topic;
  }

  /** The topic that was not recognised. */
  public String topic() {
    return topic;
  }
}
