package dev.recount.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads and writes the JSON of every value type that events and snapshots may hold. Generated
 * codecs call these, so each rule (how an {@code Instant} is written, what a {@code null} is, what
 * a wrong token means) is written and tested once.
 *
 * <p>Readers expect the parser on the value's first token and leave it on the value's last token. A
 * token of the wrong kind is a {@link StoredDataException} that names what was expected.
 */
public final class JsonValues {
  private JsonValues() {}

  /** Writes one value; used to compose collection writers. */
  @FunctionalInterface
  public interface Writer<T> {
    /** Writes {@code value}, which may be {@code null}. */
    void write(JsonGenerator json, T value) throws IOException;
  }

  /** Reads one value; used to compose collection readers. */
  @FunctionalInterface
  public interface Reader<T> {
    /** Reads the value at the current token. */
    T read(JsonParser json) throws IOException;
  }

  // ---- objects --------------------------------------------------------------------------------

  /** Checks that the parser is on the {@code START_OBJECT} of {@code what}. */
  public static void expectStartObject(JsonParser json, String what) throws IOException {
    if (json.currentToken() != JsonToken.START_OBJECT) {
      throw new StoredDataException("expected a JSON object for " + what + " but found "
          + json.currentToken() + location(json));
    }
  }

  /**
   * The name of the field that carries the version of a versioned event's shape. It is written
   * first, and only for versions after 1, so that events stored before versioning read as version
   * 1.
   */
  public static final String VERSION_FIELD = "@v";

  /** Writes the version field of an event whose shape is at {@code version} (2 or more). */
  public static void writeVersion(JsonGenerator json, int version) throws IOException {
    json.writeNumberField(VERSION_FIELD, version);
  }

  /**
   * Starts reading a versioned object: checks that the parser is on its {@code START_OBJECT}, moves
   * to its first field, and, if that is the version field, reads it and moves past it. Returns the
   * version (1 if the object has no version field); the parser is then on the first component's
   * {@code FIELD_NAME} or on the {@code END_OBJECT}, which is what the readers of each version
   * expect.
   */
  public static int readVersion(JsonParser json, String what) throws IOException {
    expectStartObject(json, what);
    if (json.nextToken() != JsonToken.FIELD_NAME || !VERSION_FIELD.equals(json.currentName())) {
      return 1;
    }
    json.nextToken();
    if (json.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw new StoredDataException("expected a number for the version of " + what + " but found "
          + json.currentToken() + location(json));
    }
    int version = json.getIntValue();
    json.nextToken();
    return version;
  }

  /** The error for a stored version that the event's code does not know. */
  public static StoredDataException unknownVersion(int version, String what, int current) {
    return new StoredDataException("stored " + what + " has version " + version + ", but its"
        + " code knows versions 1 to " + current + ": was it written by newer code?");
  }

  /** Fails if a component was absent from the stored JSON. */
  public static void require(boolean present, String field, String what) {
    if (!present) {
      throw new StoredDataException("stored " + what + " has no field '" + field + "'");
    }
  }

  // ---- scalars --------------------------------------------------------------------------------

  public static void writeString(JsonGenerator json, String value) throws IOException {
    json.writeString(value);
  }

  public static String readString(JsonParser json) throws IOException {
    JsonToken token = json.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_STRING) {
      throw mismatch(json, "a string");
    }
    return json.getText();
  }

  public static void writeBoolean(JsonGenerator json, boolean value) throws IOException {
    json.writeBoolean(value);
  }

  public static boolean readBoolean(JsonParser json) throws IOException {
    JsonToken token = json.currentToken();
    if (token == JsonToken.VALUE_TRUE) {
      return true;
    }
    if (token == JsonToken.VALUE_FALSE) {
      return false;
    }
    throw mismatch(json, "a boolean");
  }

  public static void writeBooleanBox(JsonGenerator json, Boolean value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else {
      json.writeBoolean(value);
    }
  }

  public static Boolean readBooleanBox(JsonParser json) throws IOException {
    return json.currentToken() == JsonToken.VALUE_NULL ? null : readBoolean(json);
  }

  public static void writeLong(JsonGenerator json, long value) throws IOException {
    json.writeNumber(value);
  }

  public static long readLong(JsonParser json) throws IOException {
    if (json.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw mismatch(json, "an integer");
    }
    return json.getLongValue();
  }

  public static void writeLongBox(JsonGenerator json, Long value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else {
      json.writeNumber(value);
    }
  }

  public static Long readLongBox(JsonParser json) throws IOException {
    return json.currentToken() == JsonToken.VALUE_NULL ? null : readLong(json);
  }

  public static void writeInt(JsonGenerator json, int value) throws IOException {
    json.writeNumber(value);
  }

  public static int readInt(JsonParser json) throws IOException {
    if (json.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw mismatch(json, "an integer");
    }
    return json.getIntValue();
  }

  public static void writeIntBox(JsonGenerator json, Integer value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else {
      json.writeNumber(value);
    }
  }

  public static Integer readIntBox(JsonParser json) throws IOException {
    return json.currentToken() == JsonToken.VALUE_NULL ? null : readInt(json);
  }

  public static void writeShort(JsonGenerator json, short value) throws IOException {
    json.writeNumber(value);
  }

  public static short readShort(JsonParser json) throws IOException {
    int value = readInt(json);
    if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
      throw mismatch(json, "a short");
    }
    return (short) value;
  }

  public static void writeShortBox(JsonGenerator json, Short value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else {
      json.writeNumber(value);
    }
  }

  public static Short readShortBox(JsonParser json) throws IOException {
    return json.currentToken() == JsonToken.VALUE_NULL ? null : readShort(json);
  }

  public static void writeByte(JsonGenerator json, byte value) throws IOException {
    json.writeNumber(value);
  }

  public static byte readByte(JsonParser json) throws IOException {
    int value = readInt(json);
    if (value < Byte.MIN_VALUE || value > Byte.MAX_VALUE) {
      throw mismatch(json, "a byte");
    }
    return (byte) value;
  }

  public static void writeByteBox(JsonGenerator json, Byte value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else {
      json.writeNumber(value);
    }
  }

  public static Byte readByteBox(JsonParser json) throws IOException {
    return json.currentToken() == JsonToken.VALUE_NULL ? null : readByte(json);
  }

  public static void writeChar(JsonGenerator json, char value) throws IOException {
    json.writeString(String.valueOf(value));
  }

  public static char readChar(JsonParser json) throws IOException {
    String text = readString(json);
    if (text == null || text.length() != 1) {
      throw mismatch(json, "a one-character string");
    }
    return text.charAt(0);
  }

  public static void writeCharBox(JsonGenerator json, Character value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else {
      writeChar(json, value);
    }
  }

  public static Character readCharBox(JsonParser json) throws IOException {
    return json.currentToken() == JsonToken.VALUE_NULL ? null : readChar(json);
  }

  public static void writeDouble(JsonGenerator json, double value) throws IOException {
    json.writeNumber(value);
  }

  public static double readDouble(JsonParser json) throws IOException {
    JsonToken token = json.currentToken();
    if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
      // Jackson writes NaN and the infinities as strings.
      if (token == JsonToken.VALUE_STRING) {
        switch (json.getText()) {
          case "NaN":
            return Double.NaN;
          case "Infinity":
            return Double.POSITIVE_INFINITY;
          case "-Infinity":
            return Double.NEGATIVE_INFINITY;
          default:
            break;
        }
      }
      throw mismatch(json, "a number");
    }
    return json.getDoubleValue();
  }

  public static void writeDoubleBox(JsonGenerator json, Double value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else {
      json.writeNumber(value);
    }
  }

  public static Double readDoubleBox(JsonParser json) throws IOException {
    return json.currentToken() == JsonToken.VALUE_NULL ? null : readDouble(json);
  }

  public static void writeFloat(JsonGenerator json, float value) throws IOException {
    json.writeNumber(value);
  }

  public static float readFloat(JsonParser json) throws IOException {
    return (float) readDouble(json);
  }

  public static void writeFloatBox(JsonGenerator json, Float value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else {
      json.writeNumber(value);
    }
  }

  public static Float readFloatBox(JsonParser json) throws IOException {
    return json.currentToken() == JsonToken.VALUE_NULL ? null : readFloat(json);
  }

  public static void writeBigDecimal(JsonGenerator json, BigDecimal value) throws IOException {
    // As a string: a JSON number would lose the scale (1.10 vs 1.1) in some readers.
    json.writeString(value == null ? null : value.toString());
  }

  public static BigDecimal readBigDecimal(JsonParser json) throws IOException {
    return parse(json, "a decimal number", BigDecimal::new);
  }

  public static void writeBigInteger(JsonGenerator json, BigInteger value) throws IOException {
    json.writeString(value == null ? null : value.toString());
  }

  public static BigInteger readBigInteger(JsonParser json) throws IOException {
    return parse(json, "an integer", BigInteger::new);
  }

  public static void writeUuid(JsonGenerator json, UUID value) throws IOException {
    json.writeString(value == null ? null : value.toString());
  }

  public static UUID readUuid(JsonParser json) throws IOException {
    return parse(json, "a UUID", UUID::fromString);
  }

  public static void writeInstant(JsonGenerator json, Instant value) throws IOException {
    json.writeString(value == null ? null : value.toString());
  }

  public static Instant readInstant(JsonParser json) throws IOException {
    return parse(json, "an ISO-8601 instant", Instant::parse);
  }

  public static void writeLocalDate(JsonGenerator json, LocalDate value) throws IOException {
    json.writeString(value == null ? null : value.toString());
  }

  public static LocalDate readLocalDate(JsonParser json) throws IOException {
    return parse(json, "an ISO-8601 date", LocalDate::parse);
  }

  public static void writeLocalDateTime(JsonGenerator json, LocalDateTime value)
      throws IOException {
    json.writeString(value == null ? null : value.toString());
  }

  public static LocalDateTime readLocalDateTime(JsonParser json) throws IOException {
    return parse(json, "an ISO-8601 date-time", LocalDateTime::parse);
  }

  public static void writeDuration(JsonGenerator json, Duration value) throws IOException {
    json.writeString(value == null ? null : value.toString());
  }

  public static Duration readDuration(JsonParser json) throws IOException {
    return parse(json, "an ISO-8601 duration", Duration::parse);
  }

  public static void writeBytes(JsonGenerator json, byte[] value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else {
      json.writeBinary(value);
    }
  }

  public static byte[] readBytes(JsonParser json) throws IOException {
    JsonToken token = json.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_STRING) {
      throw mismatch(json, "base64 bytes");
    }
    return json.getBinaryValue();
  }

  /** Writes an enum constant by its name. */
  public static void writeEnum(JsonGenerator json, Enum<?> value) throws IOException {
    json.writeString(value == null ? null : value.name());
  }

  /** Reads an enum constant by name, with the enum's own {@code valueOf}. */
  public static <E extends Enum<E>> E readEnum(JsonParser json, Function<String, E> valueOf)
      throws IOException {
    return parse(json, "an enum constant", valueOf);
  }

  // ---- containers -----------------------------------------------------------------------------

  public static <T> void writeList(JsonGenerator json, Collection<T> values, Writer<T> element)
      throws IOException {
    if (values == null) {
      json.writeNull();
      return;
    }
    json.writeStartArray();
    for (T value : values) {
      element.write(json, value);
    }
    json.writeEndArray();
  }

  /** Reads an array into an unmodifiable list (which, unlike {@code List.of}, may hold nulls). */
  public static <T> List<T> readList(JsonParser json, Reader<T> element) throws IOException {
    if (json.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    List<T> values = new ArrayList<>();
    readArray(json, element, values);
    return Collections.unmodifiableList(values);
  }

  public static <T> void writeSet(JsonGenerator json, Set<T> values, Writer<T> element)
      throws IOException {
    writeList(json, values, element);
  }

  /** Reads an array into an unmodifiable set that keeps the stored order. */
  public static <T> Set<T> readSet(JsonParser json, Reader<T> element) throws IOException {
    if (json.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    Set<T> values = new LinkedHashSet<>();
    readArray(json, element, values);
    return Collections.unmodifiableSet(values);
  }

  public static <V> void writeMap(JsonGenerator json, Map<String, V> values, Writer<V> value)
      throws IOException {
    if (values == null) {
      json.writeNull();
      return;
    }
    json.writeStartObject();
    for (Map.Entry<String, V> entry : values.entrySet()) {
      if (entry.getKey() == null) {
        throw new IllegalArgumentException("a map with a null key cannot be stored as JSON");
      }
      json.writeFieldName(entry.getKey());
      value.write(json, entry.getValue());
    }
    json.writeEndObject();
  }

  /** Reads an object into an unmodifiable map that keeps the stored order. */
  public static <V> Map<String, V> readMap(JsonParser json, Reader<V> value) throws IOException {
    JsonToken token = json.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.START_OBJECT) {
      throw mismatch(json, "an object");
    }
    Map<String, V> values = new LinkedHashMap<>();
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String key = json.currentName();
      json.nextToken();
      values.put(key, value.read(json));
    }
    return Collections.unmodifiableMap(values);
  }

  public static <T> void writeOptional(JsonGenerator json, Optional<T> value, Writer<T> element)
      throws IOException {
    if (value == null || value.isEmpty()) {
      json.writeNull();
    } else {
      element.write(json, value.get());
    }
  }

  public static <T> Optional<T> readOptional(JsonParser json, Reader<T> element)
      throws IOException {
    if (json.currentToken() == JsonToken.VALUE_NULL) {
      return Optional.empty();
    }
    return Optional.ofNullable(element.read(json));
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static <T> void readArray(JsonParser json, Reader<T> element, Collection<T> into)
      throws IOException {
    if (json.currentToken() != JsonToken.START_ARRAY) {
      throw mismatch(json, "an array");
    }
    while (json.nextToken() != JsonToken.END_ARRAY) {
      if (json.currentToken() == null) {
        throw mismatch(json, "the end of an array");
      }
      into.add(element.read(json));
    }
  }

  private static <T> T parse(JsonParser json, String expected, Function<String, T> parser)
      throws IOException {
    String text = readString(json);
    if (text == null) {
      return null;
    }
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new StoredDataException(
          "expected " + expected + " but found '" + text + "'" + location(json), e);
    }
  }

  private static StoredDataException mismatch(JsonParser json, String expected) {
    return new StoredDataException(
        "expected " + expected + " but found " + json.currentToken() + location(json));
  }

  private static String location(JsonParser json) {
    String path = json.getParsingContext().pathAsPointer().toString();
    return path.isEmpty() ? "" : " at " + path;
  }
}
