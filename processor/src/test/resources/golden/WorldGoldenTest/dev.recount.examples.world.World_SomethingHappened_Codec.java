package dev.recount.examples.world;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.recount.internal.EventCodec;
import dev.recount.internal.JsonValues;
import dev.recount.internal.RecountGenerated;
import java.io.IOException;
import javax.annotation.processing.Generated;

/**
 * Writes {@link World.SomethingHappened} events as JSON and reads them back.
 *
 * <p>Generated from {@link World.SomethingHappened}; do not edit.
 */
@Generated(
        value = "dev.recount.processor.RecountProcessor",
        comments = "from dev.recount.examples.world.World"
)
@RecountGenerated
public final class World_SomethingHappened_Codec implements EventCodec<World.SomethingHappened> {
    /**
     * The only instance; the codec has no state.
     */
    public static final World_SomethingHappened_Codec INSTANCE =
            new World_SomethingHappened_Codec();

    /**
     * The topic stored with every {@code World.SomethingHappened} event.
     */
    public static final String TOPIC = "dev.recount.examples.world.World.SomethingHappened";

    private World_SomethingHappened_Codec() {
    }

    @Override
    public String topic() {
        return TOPIC;
    }

    @Override
    public void write(World.SomethingHappened event, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeFieldName("what");
        JsonValues.writeString(json, event.what());
        json.writeEndObject();
    }

    @Override
    public World.SomethingHappened read(JsonParser json) throws IOException {
        JsonValues.expectStartObject(json,
                "event dev.recount.examples.world.World.SomethingHappened");
        json.nextToken();
        String what = null;
        boolean hasWhat = false;
        for (; json.currentToken() == JsonToken.FIELD_NAME; json.nextToken()) {
            String field = json.currentName();
            json.nextToken();
            switch (field) {
                case "what":
                    what = JsonValues.readString(json);
                    hasWhat = true;
                    break;
                default:
                    // A field this shape does not have (written by another version): skipped.
                    json.skipChildren();
            }
        }
        JsonValues.require(hasWhat, "what",
                "event dev.recount.examples.world.World.SomethingHappened");
        return new World.SomethingHappened(what);
    }
}
