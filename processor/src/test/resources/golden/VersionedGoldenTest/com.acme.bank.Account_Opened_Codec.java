package com.acme.bank;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.recount.internal.EventCodec;
import dev.recount.internal.JsonValues;
import dev.recount.internal.RecountGenerated;
import java.io.IOException;
import javax.annotation.processing.Generated;

/**
 * Writes {@link Account.Opened} events as JSON and reads them back.
 *
 * <p>Generated from {@link Account.Opened}; do not edit.
 */
@Generated(
        value = "dev.recount.processor.RecountProcessor",
        comments = "from com.acme.bank.Account"
)
@RecountGenerated
public final class Account_Opened_Codec implements EventCodec<Account.Opened> {
    /**
     * The only instance; the codec has no state.
     */
    public static final Account_Opened_Codec INSTANCE = new Account_Opened_Codec();

    /**
     * The topic stored with every {@code Account.Opened} event.
     */
    public static final String TOPIC = "bank.Opened";

    /**
     * The version of {@code Account.Opened} that events are written with.
     */
    public static final int VERSION = 3;

    private Account_Opened_Codec() {
    }

    @Override
    public String topic() {
        return TOPIC;
    }

    @Override
    public void write(Account.Opened event, JsonGenerator json) throws IOException {
        json.writeStartObject();
        JsonValues.writeVersion(json, VERSION);
        json.writeFieldName("owner");
        JsonValues.writeString(json, event.owner());
        json.writeFieldName("currency");
        JsonValues.writeString(json, event.currency());
        json.writeEndObject();
    }

    /**
     * Reads an event of any version, and upcasts it to the current one.
     */
    @Override
    public Account.Opened read(JsonParser json) throws IOException {
        int version = JsonValues.readVersion(json, "event bank.Opened");
        switch (version) {
            case 1: {
                Account.Opened.V1 v1 = readVersion1(json);
                Account.Opened.V2 v2 = Account.Opened.upcast(v1);
                return Account.Opened.upcast(v2);
            }
            case 2: {
                Account.Opened.V2 v2 = readVersion2(json);
                return Account.Opened.upcast(v2);
            }
            case VERSION:
                return readVersion3(json);
            default:
                throw JsonValues.unknownVersion(version, "event bank.Opened", VERSION);
        }
    }

    /**
     * Reads the fields of an event stored at version 1.
     */
    private static Account.Opened.V1 readVersion1(JsonParser json) throws IOException {
        String name = null;
        boolean hasName = false;
        for (; json.currentToken() == JsonToken.FIELD_NAME; json.nextToken()) {
            String field = json.currentName();
            json.nextToken();
            switch (field) {
                case "name":
                    name = JsonValues.readString(json);
                    hasName = true;
                    break;
                default:
                    // A field this shape does not have (written by another version): skipped.
                    json.skipChildren();
            }
        }
        JsonValues.require(hasName, "name", "event bank.Opened version 1");
        return new Account.Opened.V1(name);
    }

    /**
     * Reads the fields of an event stored at version 2.
     */
    private static Account.Opened.V2 readVersion2(JsonParser json) throws IOException {
        String owner = null;
        boolean hasOwner = false;
        for (; json.currentToken() == JsonToken.FIELD_NAME; json.nextToken()) {
            String field = json.currentName();
            json.nextToken();
            switch (field) {
                case "owner":
                    owner = JsonValues.readString(json);
                    hasOwner = true;
                    break;
                default:
                    // A field this shape does not have (written by another version): skipped.
                    json.skipChildren();
            }
        }
        JsonValues.require(hasOwner, "owner", "event bank.Opened version 2");
        return new Account.Opened.V2(owner);
    }

    /**
     * Reads the fields of an event stored at the current version.
     */
    private static Account.Opened readVersion3(JsonParser json) throws IOException {
        String owner = null;
        boolean hasOwner = false;
        String currency = null;
        boolean hasCurrency = false;
        for (; json.currentToken() == JsonToken.FIELD_NAME; json.nextToken()) {
            String field = json.currentName();
            json.nextToken();
            switch (field) {
                case "owner":
                    owner = JsonValues.readString(json);
                    hasOwner = true;
                    break;
                case "currency":
                    currency = JsonValues.readString(json);
                    hasCurrency = true;
                    break;
                default:
                    // A field this shape does not have (written by another version): skipped.
                    json.skipChildren();
            }
        }
        JsonValues.require(hasOwner, "owner", "event bank.Opened");
        JsonValues.require(hasCurrency, "currency", "event bank.Opened");
        return new Account.Opened(owner, currency);
    }
}
