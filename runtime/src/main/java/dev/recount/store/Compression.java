package dev.recount.store;

import dev.recount.ConfigurationError;
import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** The compressors that {@code COMPRESSOR} can name; each has a code stored in the format byte. */
enum Compression {
  NONE(0),
  ZLIB(1);

  final int code;

  Compression(int code) {
    this.code = code;
  }

  static Compression parse(String setting, String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "":
      case "none":
        return NONE;
      case "zlib":
        return ZLIB;
      default:
        throw new ConfigurationError(
            setting, "'" + value + "' is not a compressor; use zlib or none");
    }
  }

  static Compression ofCode(int code) {
    for (Compression each : values()) {
      if (each.code == code) {
        return each;
      }
    }
    return null;
  }

  byte[] compress(byte[] data) {
    if (this == NONE) {
      return data;
    }
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try {
      deflater.setInput(data);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 16);
      byte[] buffer = new byte[Math.max(64, Math.min(data.length, 8192))];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  byte[] decompress(byte[] data) throws DataFormatException {
    if (this == NONE) {
      return data;
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(data);
      ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 3 + 16);
      byte[] buffer = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new DataFormatException("truncated zlib data");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } finally {
      inflater.end();
    }
  }
}
