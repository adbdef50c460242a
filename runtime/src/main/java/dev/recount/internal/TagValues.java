package dev.recount.internal;

/**
 * Writes tags as the store keeps them, {@code name:value}. Generated codecs call it for the tags of
 * an event, and generated queries for the tags they select, so that both write the same text for
 * the same typed value.
 */
public final class TagValues {
  private TagValues() {}

  /**
   * The tag {@code name:value}: the value's {@code toString()}, or an enum constant's name.
   *
   * @param where names the event or query the tag belongs to, for the error
   * @throws IllegalArgumentException if {@code value} is {@code null}
   */
  public static String tag(String name, Object value, String where) {
    if (value == null) {
      throw new IllegalArgumentException(
          "tag '" + name + "' of " + where + " is null: a tag needs a value");
    }
    String text = value instanceof Enum<?> constant ? constant.name() : value.toString();
    return name + ":" + text;
  }
}
