package dev.recount.examples.dcb.usernames;

import dev.recount.annotations.Event;
import dev.recount.annotations.Tag;

/** An account was opened under a username, which no open account may share. */
@Event(standalone = true)
public record AccountRegistered(
    @Tag("account") String account, @Tag("username") String username) {}
