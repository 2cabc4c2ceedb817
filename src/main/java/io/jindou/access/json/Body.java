package io.jindou.access.json;

import io.jindou.model.JindouException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed, validating access to a JSON request body. Every getter names the field in its error ("channel_type
 * must be an integer between 1 and 12, got \"x\"") and throws an INVALID {@link JindouException}; nothing
 * here ever lets a wrong type become a 500. It knows field types and numeric ranges, not business rules: ids,
 * their limits and which fields are required are the use cases' (a string field may be read as optional and
 * then required there).
 */
public final class Body {
  private final JsonObject json;

  public Body(JsonObject json) {
    this.json = json;
  }

  /** The field's value as parsed (null when absent), for fields that take more than one JSON type. */
  Object raw(String field) {
    return json.getValue(field);
  }

  public boolean has(String field) {
    return json.getValue(field) != null;
  }

  /** A string field; null when absent and not required. */
  public String str(String field, boolean required) {
    Object v = json.getValue(field);
    if (v == null) {
      if (required) {
        throw JindouException.invalid(field + " is required");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      throw JindouException.invalid(field + " must be a string, got " + describe(v));
    }
    return wellFormed(field, s);
  }

  /**
   * Refuses strings that are not valid UTF-16 (a lone surrogate from a {@code \\ud800} escape): they cannot be
   * encoded for delivery, so accepting them would store messages no client can receive.
   */
  static String wellFormed(String field, String s) {
    if (!io.jindou.model.Text.wellFormed(s)) {
      throw JindouException.invalid(field + " is not valid Unicode (an unpaired surrogate)");
    }
    return s;
  }

  /** Any JSON value as JSON text, exactly as given (null when absent). */
  public String json(String field) {
    Object v = json.getValue(field);
    if (v == null) {
      return null;
    }
    String text = io.vertx.core.json.Json.encode(v);
    return wellFormed(field, text);
  }

  /** An integer field within [min, max]; {@code dflt} when absent. */
  public long integer(String field, long dflt, long min, long max) {
    Object v = json.getValue(field);
    if (v == null) {
      return dflt;
    }
    return toLong(field, v, min, max);
  }

  /** A 0/1 flag (also accepts JSON booleans). */
  public boolean flag(String field) {
    Object v = json.getValue(field);
    if (v instanceof Boolean b) {
      return b;
    }
    return v != null && toLong(field, v, 0, 1) == 1;
  }

  /** An optional nested object (null when absent). */
  public Body object(String field) {
    Object v = json.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonObject o)) {
      throw JindouException.invalid(field + " must be an object, got " + describe(v));
    }
    return new Body(o);
  }

  /** An optional array of objects (empty when absent), each as a Body. */
  public List<Body> objects(String field) {
    JsonArray a = array(field);
    List<Body> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      Object v = a.getValue(i);
      if (!(v instanceof JsonObject o)) {
        throw JindouException.invalid(field + "[" + i + "] must be an object, got " + describe(v));
      }
      out.add(new Body(o));
    }
    return out;
  }

  /** The number of elements of an array field (0 when absent), without reading them. */
  public int size(String field) {
    return array(field).size();
  }

  /** An optional array of strings (empty when absent). */
  public List<String> strings(String field) {
    JsonArray a = array(field);
    List<String> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      Object v = a.getValue(i);
      if (!(v instanceof String s)) {
        throw JindouException.invalid(field + "[" + i + "] must be a string, got " + describe(v));
      }
      out.add(wellFormed(field + "[" + i + "]", s));
    }
    return out;
  }

  /** An optional array of integers in [min, max] (empty when absent). */
  public List<Long> integers(String field, long min, long max) {
    JsonArray a = array(field);
    List<Long> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      out.add(toLong(field + "[" + i + "]", a.getValue(i), min, max));
    }
    return out;
  }

  private JsonArray array(String field) {
    Object v = json.getValue(field);
    if (v == null) {
      return new JsonArray();
    }
    if (!(v instanceof JsonArray a)) {
      throw JindouException.invalid(field + " must be an array, got " + describe(v));
    }
    return a;
  }

  static long toLong(String field, Object v, long min, long max) {
    long n;
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      n = ((Number) v).longValue();
    } else if (v instanceof BigInteger || v instanceof BigDecimal || v instanceof Double || v instanceof Float) {
      BigDecimal d;
      try {
        d = new BigDecimal(v.toString());
      } catch (NumberFormatException e) {
        throw outOfRange(field, v, min, max); // Infinity or NaN
      }
      if (d.stripTrailingZeros().scale() > 0 || d.compareTo(BigDecimal.valueOf(min)) < 0
          || d.compareTo(BigDecimal.valueOf(max)) > 0) {
        throw outOfRange(field, v, min, max);
      }
      n = d.longValue();
    } else {
      throw outOfRange(field, v, min, max);
    }
    if (n < min || n > max) {
      throw outOfRange(field, v, min, max);
    }
    return n;
  }

  private static JindouException outOfRange(String field, Object v, long min, long max) {
    return JindouException.invalid(field + " must be an integer between " + min + " and " + max + ", got "
        + describe(v));
  }

  public static String describe(Object v) {
    if (v instanceof String s) {
      return "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
    }
    if (v instanceof JsonObject) {
      return "an object";
    }
    if (v instanceof JsonArray) {
      return "an array";
    }
    String t = String.valueOf(v);
    return t.length() > 40 ? t.substring(0, 40) + "…" : t;
  }
}
