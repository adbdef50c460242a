package dev.recount.examples.world;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.recount.internal.JsonValues;
import dev.recount.internal.RecountGenerated;
import dev.recount.internal.SnapshotMapping;
import java.io.IOException;
import javax.annotation.processing.Generated;

/**
 * Captures the state of {@link World} in snapshots and restores it.
 *
 * <p>Generated from {@link World}; do not edit.
 */
@Generated(
        value = "dev.recount.processor.RecountProcessor",
        comments = "from dev.recount.examples.world.World"
)
@RecountGenerated
final class World_Snapshot implements SnapshotMapping<World> {
    static final World_Snapshot INSTANCE = new World_Snapshot();

    /**
     * Version 1 of the snapshots and a digest of the fields' names and types.
     */
    static final String FINGERPRINT = "261da77998ea5805084aceca0e2bfff6";

    private World_Snapshot() {
    }

    @Override
    public String fingerprint() {
        return FINGERPRINT;
    }

    @Override
    public void write(World aggregate, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeFieldName("history");
        JsonValues.writeList(json, aggregate.history, JsonValues::writeString);
        json.writeEndObject();
    }

    @Override
    public boolean reads(String fingerprint) {
        return FINGERPRINT.equals(fingerprint);
    }

    @Override
    public void read(World aggregate, String fingerprint, JsonParser json) throws IOException {
        readFields(aggregate, json);
    }

    /**
     * Reads a snapshot of the current version into the fields.
     */
    private static void readFields(World aggregate, JsonParser json) throws IOException {
        JsonValues.expectStartObject(json, "snapshot of dev.recount.examples.world.World");
        json.nextToken();
        boolean hasHistory = false;
        for (; json.currentToken() == JsonToken.FIELD_NAME; json.nextToken()) {
            String field = json.currentName();
            json.nextToken();
            switch (field) {
                case "history":
                    aggregate.history.clear();
                    aggregate.history.addAll(JsonValues.readList(json, JsonValues::readString));
                    hasHistory = true;
                    break;
                default:
                    // A field this shape does not have (written by another version): skipped.
                    json.skipChildren();
            }
        }
        JsonValues.require(hasHistory, "history", "snapshot of dev.recount.examples.world.World");
    }
}
