package dev.recount.examples.dcb.usernames;

import dev.recount.annotations.Event;
import dev.recount.annotations.Tag;

/**
 * An account was closed, which releases its username: tagged with the username, so that the
 * username's boundary sees it.
 */
@Event(standalone = true)
public record AccountClosed(
    @Tag("account") String account, @Tag("username") String username) {}
