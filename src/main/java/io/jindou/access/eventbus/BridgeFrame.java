package io.jindou.access.eventbus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One inbound bridge frame, checked: {@code type} is one of {@code send}, {@code publish}, {@code register},
 * {@code unregister}, {@code ping}; {@code address} a string of at most 256 characters (not needed for ping);
 * {@code replyAddress}, when present, a string of at most 256 characters; {@code headers}, when present, an object
 * whose values are strings ({@code secret} is taken out; no other header is passed on); {@code body} a JSON object,
 * array or string, or absent. Anything else is a {@link Bad} frame whose message names the field, which the
 * connection answers with an error frame. Pure: it reads one frame's bytes and nothing else.
 */
record BridgeFrame(String type, String address, String replyAddress, String secret, Object body) {
  static final int ADDRESS_MAX = 256;

  /** A frame that is JSON but not a valid bridge frame, or not JSON at all. */
  static final class Bad extends Exception {
    Bad(String message) {
      super(message, null, false, false); // a client's mistake: no stack trace
    }
  }

  static BridgeFrame parse(Buffer bytes) throws Bad {
    JsonObject o;
    try {
      o = new JsonObject(bytes);
    } catch (RuntimeException e) {
      throw new Bad("malformed frame: not a JSON object");
    }
    Object type = o.getValue("type");
    if (!(type instanceof String t) || !(t.equals("send") || t.equals("publish") || t.equals("register")
        || t.equals("unregister") || t.equals("ping"))) {
      throw new Bad("unknown_type");
    }
    String secret = null;
    Object headers = o.getValue("headers");
    if (headers != null) {
      if (!(headers instanceof JsonObject h)) {
        throw new Bad("malformed frame: headers must be an object of strings");
      }
      for (String k : h.fieldNames()) {
        if (!(h.getValue(k) instanceof String)) {
          throw new Bad("malformed frame: header '" + abbreviate(k) + "' must be a string");
        }
      }
      secret = h.getString("secret");
    }
    String address = text(o, "address");
    if (address == null && !t.equals("ping")) {
      throw new Bad("missing_address");
    }
    String replyAddress = text(o, "replyAddress");
    Object body = o.getValue("body");
    if (body != null && !(body instanceof JsonObject || body instanceof JsonArray || body instanceof String)) {
      throw new Bad("malformed frame: body must be a JSON object, array or string");
    }
    return new BridgeFrame(t, address, replyAddress, secret, body);
  }

  private static String text(JsonObject o, String field) throws Bad {
    Object v = o.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw new Bad("malformed frame: " + field + " must be a string");
    }
    if (s.isEmpty() || s.length() > ADDRESS_MAX) {
      throw new Bad("malformed frame: " + field + " must be 1.." + ADDRESS_MAX + " characters");
    }
    return s;
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
