package dev.recount.dcb;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.recount.internal.EventMapping;
import dev.recount.internal.Mutator;
import dev.recount.internal.SnapshotMapping;
import dev.recount.internal.UnknownTopicException;
import java.io.IOException;
import java.util.Set;

/**
 * What the processor would generate for {@link Account}, tag extraction included. Public for the
 * service loader ({@code META-INF/services/dev.recount.internal.Mutator} of the test resources).
 */
public final class Account_Mutator implements Mutator<Account> {
  /** For {@link java.util.ServiceLoader}. */
  public Account_Mutator() {}

  @Override
  public Class<Account> aggregateClass() {
    return Account.class;
  }

  @Override
  public String topic() {
    return "dcb.Account";
  }

  @Override
  public int snapshotInterval() {
    return -1; // never: the snapshot mapping below is never used
  }

  @Override
  public Account newInstance() {
    return new Account();
  }

  @Override
  public void apply(Account aggregate, Object event) {
    aggregate.on((Account.Opened) event);
  }

  @Override
  public EventMapping events() {
    return EVENTS;
  }

  @Override
  public SnapshotMapping<Account> snapshots() {
    return SNAPSHOTS;
  }

  private static final EventMapping EVENTS = new EventMapping() {
    @Override
    public Set<String> topics() {
      return Set.of(Account.Opened.TOPIC);
    }

    @Override
    public String topicOf(Object event) {
      if (event instanceof Account.Opened) {
        return Account.Opened.TOPIC;
      }
      throw new IllegalArgumentException(
          "not an Account event: " + event.getClass().getName());
    }

    @Override
    public Set<String> tagsOf(Object event) {
      return Set.of("username:" + ((Account.Opened) event).username());
    }

    @Override
    public void write(Object event, JsonGenerator json) throws IOException {
      json.writeStartObject();
      json.writeStringField("username", ((Account.Opened) event).username());
      json.writeEndObject();
    }

    @Override
    public Object read(String topic, JsonParser json) throws IOException {
      if (!topic.equals(Account.Opened.TOPIC)) {
        throw new UnknownTopicException("dcb.Account", topic);
      }
      String username = null;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        json.nextToken();
        if (field.equals("username")) {
          username = json.getText();
        } else {
          json.skipChildren();
        }
      }
      return new Account.Opened(username);
    }
  };

  private static final SnapshotMapping<Account> SNAPSHOTS = new SnapshotMapping<>() {
    @Override
    public String fingerprint() {
      return "none";
    }

    @Override
    public boolean reads(String fingerprint) {
      return false;
    }

    @Override
    public void write(Account aggregate, JsonGenerator json) {
      throw new UnsupportedOperationException("Account is never snapshotted");
    }

    @Override
    public void read(Account aggregate, String fingerprint, JsonParser json) {
      throw new UnsupportedOperationException("Account is never snapshotted");
    }
  };
}
