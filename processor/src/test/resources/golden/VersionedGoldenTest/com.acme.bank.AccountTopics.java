package com.acme.bank;

import dev.recount.AggregateRoot;
import dev.recount.internal.RecountGenerated;
import java.util.Set;
import javax.annotation.processing.Generated;

/**
 * The topics the events of {@link Account} are stored under: to select them
 * from a notification log, to pipe only some of them to a follower, or to
 * switch on {@code Notification.topic()}.
 *
 * <p>Generated from {@link Account}; do not edit.
 */
@Generated(
        value = "dev.recount.processor.RecountProcessor",
        comments = "from com.acme.bank.Account"
)
@RecountGenerated
public final class AccountTopics {
    /**
     * The topic of {@link Account.Opened} events: {@value}.
     */
    public static final String OPENED = Account_Opened_Codec.TOPIC;

    /**
     * The topic of {@link Account.Deposited} events: {@value}. Events stored before a rename
     * carry one of its aliases, "bank.Paid"; {@link #ALL} has them too.
     */
    public static final String DEPOSITED = Account_Deposited_Codec.TOPIC;

    /**
     * Every topic the events of {@code Account} are stored under, aliases included;
     * not {@link AggregateRoot.Discarded#TOPIC}, which all aggregates' discards share.
     */
    public static final Set<String> ALL = Set.of(OPENED, DEPOSITED, "bank.Paid");

    private AccountTopics() {
    }
}
