package com.acme.bank;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.recount.internal.JsonValues;
import dev.recount.internal.RecountGenerated;
import dev.recount.internal.SnapshotMapping;
import java.io.IOException;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * Captures the state of {@link Account} in snapshots and restores it.
 *
 * <p>Generated from {@link Account}; do not edit.
 */
@Generated(
        value = "dev.recount.processor.RecountProcessor",
        comments = "from com.acme.bank.Account"
)
@RecountGenerated
final class Account_Snapshot implements SnapshotMapping<Account> {
    static final Account_Snapshot INSTANCE = new Account_Snapshot();

    /**
     * Version 3 of the snapshots and a digest of the fields' names and types.
     */
    static final String FINGERPRINT = "3/ccc6294740fa78fe4c4424fa1385d0bd";

    /**
     * Fingerprint of snapshot version 1, read as {@link Account.State1}.
     */
    static final String VERSION_1 = "b558cca275349cbc408c64122a847a3a";

    /**
     * Fingerprint of snapshot version 2, read as {@link Account.State2}.
     */
    static final String VERSION_2 = "2/f25e93795008116aa879d8e1e3155151";

    private Account_Snapshot() {
    }

    @Override
    public String fingerprint() {
        return FINGERPRINT;
    }

    @Override
    public void write(Account aggregate, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeFieldName("owner");
        JsonValues.writeString(json, aggregate.owner);
        json.writeFieldName("currency");
        JsonValues.writeString(json, aggregate.currency);
        json.writeFieldName("cents");
        JsonValues.writeLong(json, aggregate.cents);
        json.writeEndObject();
    }

    @Override
    public boolean reads(String fingerprint) {
        switch (fingerprint) {
            case FINGERPRINT:
            case VERSION_1:
            case VERSION_2:
                return true;
            default:
                return false;
        }
    }

    @Override
    public void read(Account aggregate, String fingerprint, JsonParser json) throws IOException {
        switch (fingerprint) {
            case VERSION_1: {
                Account.State1 v1 = readVersion1(json);
                Account.State2 v2 = Account.upcast(v1);
                aggregate.restore(v2);
                return;
            }
            case VERSION_2: {
                Account.State2 v2 = readVersion2(json);
                aggregate.restore(v2);
                return;
            }
            case FINGERPRINT:
                readFields(aggregate, json);
                return;
            default:
                throw new IllegalArgumentException("unknown snapshot fingerprint " + fingerprint);
        }
    }

    /**
     * Reads a snapshot of the current version into the fields.
     */
    private static void readFields(Account aggregate, JsonParser json) throws IOException {
        JsonValues.expectStartObject(json, "snapshot of com.acme.bank.Account");
        json.nextToken();
        boolean hasOwner = false;
        boolean hasCurrency = false;
        boolean hasCents = false;
        for (; json.currentToken() == JsonToken.FIELD_NAME; json.nextToken()) {
            String field = json.currentName();
            json.nextToken();
            switch (field) {
                case "owner":
                    aggregate.owner = JsonValues.readString(json);
                    hasOwner = true;
                    break;
                case "currency":
                    aggregate.currency = JsonValues.readString(json);
                    hasCurrency = true;
                    break;
                case "cents":
                    aggregate.cents = JsonValues.readLong(json);
                    hasCents = true;
                    break;
                default:
                    // A field this shape does not have (written by another version): skipped.
                    json.skipChildren();
            }
        }
        JsonValues.require(hasOwner, "owner", "snapshot of com.acme.bank.Account");
        JsonValues.require(hasCurrency, "currency", "snapshot of com.acme.bank.Account");
        JsonValues.require(hasCents, "cents", "snapshot of com.acme.bank.Account");
    }

    /**
     * Reads a snapshot stored at version 1.
     */
    private static Account.State1 readVersion1(JsonParser json) throws IOException {
        JsonValues.expectStartObject(json, "snapshot of com.acme.bank.Account version 1");
        json.nextToken();
        String owner = null;
        boolean hasOwner = false;
        long balance = 0;
        boolean hasBalance = false;
        List<Account.Note> notes = null;
        boolean hasNotes = false;
        for (; json.currentToken() == JsonToken.FIELD_NAME; json.nextToken()) {
            String field = json.currentName();
            json.nextToken();
            switch (field) {
                case "owner":
                    owner = JsonValues.readString(json);
                    hasOwner = true;
                    break;
                case "balance":
                    balance = JsonValues.readLong(json);
                    hasBalance = true;
                    break;
                case "notes":
                    notes = JsonValues.readList(json, Account_Snapshot::readAccount_NoteRecord);
                    hasNotes = true;
                    break;
                default:
                    // A field this shape does not have (written by another version): skipped.
                    json.skipChildren();
            }
        }
        JsonValues.require(hasOwner, "owner", "snapshot of com.acme.bank.Account version 1");
        JsonValues.require(hasBalance, "balance", "snapshot of com.acme.bank.Account version 1");
        JsonValues.require(hasNotes, "notes", "snapshot of com.acme.bank.Account version 1");
        return new Account.State1(owner, balance, notes);
    }

    /**
     * Reads a snapshot stored at version 2.
     */
    private static Account.State2 readVersion2(JsonParser json) throws IOException {
        JsonValues.expectStartObject(json, "snapshot of com.acme.bank.Account version 2");
        json.nextToken();
        long cents = 0;
        boolean hasCents = false;
        String owner = null;
        boolean hasOwner = false;
        for (; json.currentToken() == JsonToken.FIELD_NAME; json.nextToken()) {
            String field = json.currentName();
            json.nextToken();
            switch (field) {
                case "cents":
                    cents = JsonValues.readLong(json);
                    hasCents = true;
                    break;
                case "owner":
                    owner = JsonValues.readString(json);
                    hasOwner = true;
                    break;
                default:
                    // A field this shape does not have (written by another version): skipped.
                    json.skipChildren();
            }
        }
        JsonValues.require(hasCents, "cents", "snapshot of com.acme.bank.Account version 2");
        JsonValues.require(hasOwner, "owner", "snapshot of com.acme.bank.Account version 2");
        return new Account.State2(cents, owner);
    }

    private static Account.Note readAccount_NoteRecord(JsonParser json) throws IOException {
        if (json.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        JsonValues.expectStartObject(json, "record com.acme.bank.Account.Note");
        json.nextToken();
        String text = null;
        boolean hasText = false;
        for (; json.currentToken() == JsonToken.FIELD_NAME; json.nextToken()) {
            String field = json.currentName();
            json.nextToken();
            switch (field) {
                case "text":
                    text = JsonValues.readString(json);
                    hasText = true;
                    break;
                default:
                    // A field this shape does not have (written by another version): skipped.
                    json.skipChildren();
            }
        }
        JsonValues.require(hasText, "text", "record com.acme.bank.Account.Note");
        return new Account.Note(text);
    }
}
