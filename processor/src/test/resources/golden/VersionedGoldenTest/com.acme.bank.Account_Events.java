package com.acme.bank;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.recount.internal.EventMapping;
import dev.recount.internal.RecountGenerated;
import dev.recount.internal.UnknownTopicException;
import java.io.IOException;
import java.util.Set;
import javax.annotation.processing.Generated;

/**
 * The topics and codecs of the events of {@link Account}.
 *
 * <p>Generated from {@link Account}; do not edit.
 */
@Generated(
        value = "dev.recount.processor.RecountProcessor",
        comments = "from com.acme.bank.Account"
)
@RecountGenerated
final class Account_Events implements EventMapping {
    static final Account_Events INSTANCE = new Account_Events();

    private static final Set<String> TOPICS = Set.of(Account_Opened_Codec.TOPIC,
            Account_Deposited_Codec.TOPIC, "bank.Paid");

    private Account_Events() {
    }

    @Override
    public Set<String> topics() {
        return TOPICS;
    }

    @Override
    public String topicOf(Object event) {
        if (event instanceof Account.Opened) {
            return Account_Opened_Codec.TOPIC;
        }
        if (event instanceof Account.Deposited) {
            return Account_Deposited_Codec.TOPIC;
        }
        throw new IllegalArgumentException("not an event of com.acme.bank.Account: "
                + event.getClass().getName());
    }

    @Override
    public void write(Object event, JsonGenerator json) throws IOException {
        if (event instanceof Account.Opened opened) {
            Account_Opened_Codec.INSTANCE.write(opened, json);
        } else if (event instanceof Account.Deposited deposited) {
            Account_Deposited_Codec.INSTANCE.write(deposited, json);
        } else {
            throw new IllegalArgumentException("not an event of com.acme.bank.Account: "
                    + event.getClass().getName());
        }
    }

    @Override
    public Object read(String topic, JsonParser json) throws IOException {
        switch (topic) {
            case Account_Opened_Codec.TOPIC:
                return Account_Opened_Codec.INSTANCE.read(json);
            case "bank.Paid": // an alias
            case Account_Deposited_Codec.TOPIC:
                return Account_Deposited_Codec.INSTANCE.read(json);
            default:
                throw new UnknownTopicException("com.acme.bank.Account", topic);
        }
    }
}
