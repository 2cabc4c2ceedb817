package io.jindou.policy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Malformed request generators for {@link FuzzTest}: a catalogue of every HTTP endpoint with its real field
 * names and types, a JSON writer that can emit what no JSON library will (1e400, lone surrogates, raw invalid
 * UTF-8 inside strings, 5000-deep nesting), and body / query generators driven by a {@link Random} so a seed
 * reproduces a run. It never touches the network.
 */
final class FuzzBodies {
  /** A token written verbatim (number literals such as 1e400, deep nesting, garbage). */
  record Raw(String text) {
  }

  /** A JSON string whose content contains raw bytes, e.g. invalid UTF-8. */
  record BadUtf8(String before, byte[] raw, String after) {
  }

  /** Field kinds: how a valid value looks. */
  enum K { UID, CHID, CHTYPE, INT, FLAG, B64, STR, HEADER, UIDS, INTS, STRS, LASTSEQS, CONNID, NODEID, TOKEN, CHREFS,
    SYNCITEMS }

  /** A field of an endpoint's body; {@code p} is the chance a valid template includes it when optional. */
  record F(String name, K kind, boolean required, double p) {
  }

  /** A POST endpoint: a JSON object body with these fields, or a JSON array of uids. */
  record Endpoint(String path, boolean arrayBody, List<F> fields) {
  }

  /** A GET endpoint and the query parameters it reads. */
  record GetEndpoint(String path, List<String> params) {
  }

  /** One generated request body. */
  record Body(String category, byte[] bytes, String contentType) {
  }

  /** uids the generators use: two of them are kept online during the fuzz so fuzzed sends are delivered. */
  static final String[] UIDS = {"fz-u1", "fz-u2", "fz-u3", "fz-online", "fz-online2", "____system"};
  static final String[] CHANNELS = {"fz-g1", "fz-g2", "fz-u1", "fz-online", "fz-online2", "fz-u1@fz-online",
      "fz-online@fz-u2"};

  private static F req(String name, K kind) {
    return new F(name, kind, true, 1);
  }

  private static F opt(String name, K kind, double p) {
    return new F(name, kind, false, p);
  }

  private static List<F> sendFields(boolean batch) {
    List<F> f = new ArrayList<>(List.of(req("from_uid", K.UID), req("payload", K.B64), opt("header", K.HEADER, 0.4),
        opt("client_msg_no", K.STR, 0.3), opt("stream_no", K.STR, 0.1), opt("tag_key", K.STR, 0.1),
        opt("topic", K.STR, 0.2), opt("expire", K.INT, 0.2), opt("setting", K.INT, 0.1),
        opt("device_id", K.STR, 0.1), opt("no_persist", K.FLAG, 0.1), opt("sync_once", K.FLAG, 0.05)));
    if (batch) {
      f.add(req("subscribers", K.UIDS));
    } else {
      f.add(req("channel_id", K.CHID));
      f.add(req("channel_type", K.CHTYPE));
      f.add(opt("subscribers", K.UIDS, 0.0)); // only ever added by a mutation
    }
    return f;
  }

  private static List<F> key(F... more) {
    List<F> f = new ArrayList<>(List.of(req("channel_id", K.CHID), req("channel_type", K.CHTYPE)));
    f.addAll(List.of(more));
    return f;
  }

  private static List<F> convKey(F... more) {
    List<F> f = new ArrayList<>(List.of(req("uid", K.UID), req("channel_id", K.CHID), req("channel_type", K.CHTYPE)));
    f.addAll(List.of(more));
    return f;
  }

  private static final F[] INFO_FLAGS = {opt("ban", K.FLAG, 0.1), opt("disband", K.FLAG, 0.1),
      opt("send_ban", K.FLAG, 0.1), opt("allow_stranger", K.FLAG, 0.2), opt("large", K.FLAG, 0.2)};

  /** Every POST route registered in src/main/java/io/jindou/access/http/*Routes.java, plus a few misroutes. */
  static List<Endpoint> postEndpoints() {
    List<Endpoint> e = new ArrayList<>();
    e.add(new Endpoint("/message/send", false, sendFields(false)));
    e.add(new Endpoint("/message/sendbatch", false, sendFields(true)));
    e.add(new Endpoint("/channel/messagesync", false, List.of(req("login_uid", K.UID), req("channel_id", K.CHID),
        req("channel_type", K.CHTYPE), opt("start_message_seq", K.INT, 0.5), opt("end_message_seq", K.INT, 0.5),
        opt("limit", K.INT, 0.5), opt("pull_mode", K.FLAG, 0.5))));
    e.add(new Endpoint("/messages", false, List.of(opt("login_uid", K.UID, 0.7), req("channel_id", K.CHID),
        opt("channel_type", K.CHTYPE, 0.8), opt("message_seqs", K.INTS, 0.6), opt("message_ids", K.INTS, 0.4),
        opt("client_msg_nos", K.STRS, 0.4))));
    e.add(new Endpoint("/message", false, List.of(opt("login_uid", K.UID, 0.7), req("channel_id", K.CHID),
        req("channel_type", K.CHTYPE), opt("message_id", K.INT, 0.5), opt("client_msg_no", K.STR, 0.5))));
    e.add(new Endpoint("/conversation/sync", false, List.of(req("uid", K.UID), opt("version", K.INT, 0.3),
        opt("only_unread", K.FLAG, 0.3), opt("msg_count", K.INT, 0.5), opt("page", K.INT, 0.3),
        opt("page_size", K.INT, 0.3), opt("exclude_channel_types", K.INTS, 0.3),
        opt("last_msg_seqs", K.LASTSEQS, 0.4))));
    e.add(new Endpoint("/conversations/clearUnread", false, convKey()));
    e.add(new Endpoint("/conversations/setUnread", false, convKey(opt("unread", K.INT, 0.9))));
    e.add(new Endpoint("/conversations/delete", false, convKey()));
    e.add(new Endpoint("/message/sync", false, List.of(req("uid", K.UID), opt("limit", K.INT, 0.5))));
    e.add(new Endpoint("/message/syncack", false, List.of(req("uid", K.UID), req("last_message_seq", K.INT))));
    List<F> channel = key(opt("subscribers", K.UIDS, 0.6), opt("reset", K.FLAG, 0.1));
    channel.addAll(List.of(INFO_FLAGS));
    e.add(new Endpoint("/channel", false, channel));
    e.add(new Endpoint("/channel/info", false, key(INFO_FLAGS)));
    e.add(new Endpoint("/channel/delete", false, key()));
    e.add(new Endpoint("/channel/subscriber_add", false, key(req("subscribers", K.UIDS), opt("reset", K.FLAG, 0.1),
        opt("temp_subscriber", K.FLAG, 0.05))));
    e.add(new Endpoint("/channel/subscriber_remove", false, key(req("subscribers", K.UIDS))));
    e.add(new Endpoint("/channel/subscriber_remove_all", false, key()));
    for (String list : new String[] {"blacklist", "whitelist"}) {
      for (String op : new String[] {"_add", "_set", "_remove", "_remove_all"}) {
        e.add(new Endpoint("/channel/" + list + op, false, key(opt("uids", K.UIDS, 0.9))));
      }
    }
    e.add(new Endpoint("/user/token", false, List.of(req("uid", K.UID), req("token", K.TOKEN),
        opt("device_flag", K.INT, 0.8), opt("device_level", K.FLAG, 0.5))));
    e.add(new Endpoint("/user/systemuids_add", false, List.of(req("uids", K.UIDS))));
    e.add(new Endpoint("/user/systemuids_remove", false, List.of(req("uids", K.UIDS))));
    e.add(new Endpoint("/user/device_quit", false, List.of(req("uid", K.UID), opt("device_flag", K.INT, 0.7))));
    e.add(new Endpoint("/conn/kick", false, List.of(req("conn_id", K.CONNID), opt("node_id", K.NODEID, 0.5))));
    e.add(new Endpoint("/conn/remove", false, List.of(req("conn_id", K.CONNID), opt("node_id", K.NODEID, 0.5))));
    e.add(new Endpoint("/user/onlinestatus", true, List.of()));
    e.add(new Endpoint("/route/batch", true, List.of()));
    // GET-only and unknown routes hit with a POST
    e.add(new Endpoint("/channel/messagesyncbatch", false, List.of(req("login_uid", K.UID),
        req("items", K.SYNCITEMS))));
    e.add(new Endpoint("/conversation/syncByChannels", false, List.of(req("uid", K.UID), req("channels", K.CHREFS),
        opt("msg_count", K.INT, 0.5))));
    e.add(new Endpoint("/conversation/syncMessages", false, List.of(req("uid", K.UID), req("channels", K.CHREFS),
        opt("msg_count", K.INT, 0.5), opt("order_by_last", K.FLAG, 0.5))));
    e.add(new Endpoint("/conversation/channels", false, List.of(req("uid", K.UID))));
    e.add(new Endpoint("/conversation/list", false, List.of(req("uid", K.UID), opt("cursor", K.STR, 0.3),
        opt("limit", K.INT, 0.5), opt("completed_coverage", K.INT, 0.3))));
    e.add(new Endpoint("/tmpchannel/subscriber_set", false, List.of(req("channel_id", K.CHID), req("uids", K.UIDS))));
    e.add(new Endpoint("/tag/remove", false, List.of(opt("tag_key", K.STR, 0.3), opt("channel_id", K.CHID, 0.7),
        opt("channel_type", K.CHTYPE, 0.7), opt("node_id", K.NODEID, 0.2))));
    e.add(new Endpoint("/channel/max_message_seq", false, key()));
    e.add(new Endpoint("/varz", false, List.of()));
    e.add(new Endpoint("/no/such/endpoint", false, List.of()));
    return e;
  }

  /** Every GET route. */
  static List<GetEndpoint> getEndpoints() {
    return List.of(new GetEndpoint("/channel/max_message_seq", List.of("channel_id", "channel_type", "login_uid")),
        new GetEndpoint("/channel/whitelist", List.of("channel_id", "channel_type")),
        new GetEndpoint("/user/systemuids", List.of()),
        new GetEndpoint("/connz", List.of("offset", "limit", "uid", "sort")),
        new GetEndpoint("/varz", List.of("show", "conn_limit")),
        new GetEndpoint("/health", List.of()), new GetEndpoint("/healthz", List.of()),
        new GetEndpoint("/readyz", List.of()), new GetEndpoint("/route", List.of("intranet")),
        new GetEndpoint("/message/send", List.of("from_uid")),
        new GetEndpoint("/message/byclientmsgno", List.of("channel_id", "channel_type", "client_msg_no", "login_uid")),
        new GetEndpoint("/channel/last_message", List.of("login_uid", "channel_id", "channel_type")),
        new GetEndpoint("/tag", List.of("tag_key", "channel_id", "channel_type")),
        new GetEndpoint("/tags", List.of("node_id", "tag_key", "channel_id", "channel_type")));
  }

  // ------------------------------------------------------------------------------------------------ values

  static <T> T pick(Random r, T[] a) {
    return a[r.nextInt(a.length)];
  }

  static String alnum(Random r, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(r.nextInt(36)));
    }
    return sb.toString();
  }

  static Object valid(Random r, K k) {
    switch (k) {
      case UID:
        return pick(r, UIDS);
      case CHID:
        return pick(r, CHANNELS);
      case CHTYPE:
        return r.nextInt(4) == 0 ? 1 + r.nextInt(12) : 1 + r.nextInt(2);
      case INT:
        return r.nextInt(20);
      case FLAG:
        return pick(r, new Object[] {0, 1, true, false});
      case B64: {
        byte[] b = new byte[1 + r.nextInt(32)];
        r.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
      }
      case STR:
        return "fz-" + alnum(r, 1 + r.nextInt(10));
      case TOKEN:
        return "tok-" + alnum(r, 8);
      case HEADER: {
        Map<String, Object> h = new LinkedHashMap<>();
        for (String f : new String[] {"no_persist", "red_dot", "sync_once"}) {
          if (r.nextInt(3) == 0) {
            h.put(f, r.nextInt(4) == 0 ? 1 : 0);
          }
        }
        return h;
      }
      case UIDS: {
        List<Object> l = new ArrayList<>();
        for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
          l.add(pick(r, UIDS));
        }
        return l;
      }
      case INTS: {
        List<Object> l = new ArrayList<>();
        for (int i = 0, n = r.nextInt(4); i < n; i++) {
          l.add(r.nextInt(10));
        }
        return l;
      }
      case STRS: {
        List<Object> l = new ArrayList<>();
        for (int i = 0, n = r.nextInt(3); i < n; i++) {
          l.add("fz-" + alnum(r, 4));
        }
        return l;
      }
      case LASTSEQS:
        return pick(r, CHANNELS) + ":" + (1 + r.nextInt(2)) + ":" + r.nextInt(5) + "|fz-g1:2:" + r.nextInt(9);
      case CONNID:
        // never a real connection id: a random kick would otherwise legitimately close the healthy client
        return new Raw(Long.toString(1_000_000_000_000L + (r.nextLong() & 0xFFFF_FFFFL)));
      case NODEID:
        return r.nextInt(2);
      case CHREFS:
      case SYNCITEMS: {
        List<Object> l = new ArrayList<>();
        for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
          Map<String, Object> c = new LinkedHashMap<>();
          c.put("channel_id", pick(r, CHANNELS));
          c.put("channel_type", 1 + r.nextInt(2));
          if (k == K.CHREFS) {
            c.put("last_msg_seq", r.nextInt(5));
          } else {
            c.put("start_message_seq", r.nextInt(5));
            c.put("limit", r.nextInt(20));
            c.put("pull_mode", r.nextInt(2));
          }
          l.add(c);
        }
        return l;
      }
      default:
        throw new IllegalArgumentException(k.name());
    }
  }

  static final String[] HUGE_NUMBERS = {"1e400", "-1e400", "1E+400", "99999999999999999999999",
      "-99999999999999999999999", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
      "-9223372036854775809", "18446744073709551616", "4294967295", "4294967296", "2147483647", "2147483648",
      "-2147483649", "-1", "0", "-0", "0.0", "-0.0", "1.5", "1e-400", "4.9e-324", "1.7976931348623157e308", "1E2",
      "1e0", "123456789012345678901234567890.000000001", "0.1e1", "255", "256", "12", "13", "1023", "1024"};
  static final String[] NAN_ISH = {"NaN", "Infinity", "-Infinity", "-1", "1e400", "0x10", " 1", "1 ", "", "+1",
      "١٢", "1_000", "null", "true", "99999999999999999999999", "9223372036854775808", "01", "1.0"};
  static final String[] WEIRD_STRINGS = {"", " ", "\t", "\n", "\u0000", "\u0000abc", "a@b", "@", "a@", "@b",
      "a@b@c", "#", "&", "a#b", "a&b", "\ud800", "x\udc00y", "\udbff\udfff", "\ud83d\ude00", "\u202e\u202d",
      "\ufeff", "\uffff", "____system", "____cmd", "fz-g1____cmd", "fz-online____cmd", "fz-online@fz-online",
      "fz-online@", "@fz-online", "fz-u1@fz-u2", "%00", "%zz", "../../etc/passwd", "<script>", "' OR 1=1 --",
      "\\", "\"", "{}", "[]", "null", "\r\n\r\n", "ä", "中文", "\u0085", "\u2028"};

  static String huge(Random r, int n) {
    String unit = alnum(r, 61) + "é中😀";
    StringBuilder sb = new StringBuilder(n + unit.length());
    while (sb.length() < n) {
      sb.append(unit);
    }
    return sb.toString();
  }

  static Raw deep(Random r, int depth) {
    StringBuilder sb = new StringBuilder(depth * 7);
    boolean arrays = r.nextBoolean();
    for (int i = 0; i < depth; i++) {
      sb.append(arrays ? "[" : "{\"a\":");
    }
    sb.append("1");
    for (int i = 0; i < depth; i++) {
      sb.append(arrays ? "]" : "}");
    }
    return new Raw(sb.toString());
  }

  static final byte[][] INVALID_UTF8 = {{(byte) 0xFF}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xC3, 0x28},
      {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF0, (byte) 0x9F}, {(byte) 0x80},
      {(byte) 0xBF, (byte) 0xBF}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
      {(byte) 0xE2, (byte) 0x82}, {0x00}, {0x01, 0x1F}};

  static BadUtf8 badUtf8(Random r) {
    return new BadUtf8(r.nextBoolean() ? "" : "fz-", INVALID_UTF8[r.nextInt(INVALID_UTF8.length)],
        r.nextBoolean() ? "" : alnum(r, 3));
  }

  /** A value that is wrong for almost any field. */
  static Object weird(Random r) {
    switch (r.nextInt(12)) {
      case 0:
        return pick(r, new Object[] {"x", 7, -1, 0, true, false, null, new ArrayList<>(), new LinkedHashMap<>(),
            List.of(1, "a"), Map.of("a", 1), 1.5});
      case 1:
      case 2:
        return new Raw(pick(r, HUGE_NUMBERS));
      case 3:
        return pick(r, NAN_ISH);
      case 4:
      case 5:
        return pick(r, WEIRD_STRINGS);
      case 6:
        return r.nextInt(4) == 0 ? huge(r, 200 * 1024) : huge(r, pick(r, new Integer[] {129, 257, 1025, 65536,
            70_000}));
      case 7:
        return r.nextInt(3) == 0 ? deep(r, 5000) : deep(r, 1 + r.nextInt(990));
      case 8: {
        List<Object> l = new ArrayList<>();
        for (int i = 0, n = r.nextInt(3) == 0 ? 2000 : r.nextInt(20); i < n; i++) {
          l.add(r.nextInt(3) == 0 ? weirdScalar(r) : pick(r, UIDS));
        }
        return l;
      }
      case 9:
        return badUtf8(r);
      case 10:
        return new Raw(r.nextBoolean() ? "1" + "0".repeat(1500) : "0." + "1".repeat(1500));
      default: {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(pick(r, new String[] {"no_persist", "red_dot", "sync_once", "a", ""}), weirdScalar(r));
        return m;
      }
    }
  }

  static Object weirdScalar(Random r) {
    switch (r.nextInt(4)) {
      case 0:
        return new Raw(pick(r, HUGE_NUMBERS));
      case 1:
        return pick(r, NAN_ISH);
      case 2:
        return pick(r, WEIRD_STRINGS);
      default:
        return pick(r, new Object[] {null, true, 3, -7, "fz-g1", 0});
    }
  }

  // ------------------------------------------------------------------------------------------------ bodies

  static Map<String, Object> template(Random r, Endpoint e) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (F f : e.fields()) {
      if (f.required() || r.nextDouble() < f.p()) {
        m.put(f.name(), valid(r, f.kind()));
      }
    }
    return m;
  }

  static final String[] CATEGORIES = {"near-valid", "near-valid", "near-valid", "near-valid", "near-valid",
      "near-valid", "valid", "random-json", "random-json", "wrong-top-type", "huge-numbers", "huge-numbers",
      "huge-string", "deep-nesting", "invalid-utf8", "invalid-utf8", "empty", "garbage", "garbage"};

  static final String[] CONTENT_TYPES = {null, "text/plain", "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=fzfzfz", "multipart/form-data", "application/json; charset=utf-16",
      "application/json; charset=nonsense", "x/y; charset=\"", "*/*", "application/octet-stream"};

  /**
   * A body for {@code e} from a random category; about 1 in 600 is over the server's body limit, 1 in 12 carries
   * another content type than application/json, and a quarter of the sends are accepted-but-odd ones.
   */
  static Body body(Random r, Endpoint e, long bodyLimit) {
    String ct = r.nextInt(12) == 0 ? pick(r, CONTENT_TYPES) : "application/json";
    if (r.nextInt(600) == 0) {
      byte[] big = new byte[(int) bodyLimit + 1 + r.nextInt(100_000)];
      java.util.Arrays.fill(big, (byte) 'a');
      big[0] = '"';
      big[big.length - 1] = '"';
      return new Body("oversized", big, ct);
    }
    if (e.path().startsWith("/message/send") && r.nextInt(4) == 0) {
      return new Body("odd-but-valid-send", oddValidSend(r, e), "application/json");
    }
    String cat = pick(r, CATEGORIES);
    return new Body(cat, build(r, e, cat), ct);
  }

  static final String[] ODD_TEXT = {"\ud800", "x\udc00y", "\udbff", "\ud83d\ude00", "\u0000", "\u202e", "中文",
      "\uffff", "\r\n", "fz-\ud800-x"};

  /**
   * A send the API accepts, to an online uid, with odd content in the free-text fields (lone surrogates, long
   * topics, NULs, a big payload): the message is stored and then encoded as a RECV for a connected client.
   */
  static byte[] oddValidSend(Random r, Endpoint e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from_uid", r.nextInt(3) == 0 ? pick(r, ODD_TEXT) : pick(r, new String[] {"fz-u1", "fz-u2", "fz-online2"}));
    if (e.path().equals("/message/sendbatch")) {
      m.put("subscribers", List.of("fz-online", "fz-online2"));
    } else {
      m.put("channel_id", pick(r, new String[] {"fz-online", "fz-online2"}));
      m.put("channel_type", 1);
    }
    byte[] payload = new byte[r.nextInt(10) == 0 ? 300_000 + r.nextInt(400_000) : 1 + r.nextInt(100)];
    r.nextBytes(payload);
    m.put("payload", Base64.getEncoder().encodeToString(payload));
    for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
      switch (r.nextInt(7)) {
        case 0 -> m.put("topic", r.nextInt(3) == 0 ? huge(r, pick(r, new Integer[] {65_536, 70_000, 200 * 1024}))
            : pick(r, ODD_TEXT));
        case 1 -> m.put("client_msg_no", r.nextBoolean() ? pick(r, ODD_TEXT) : "c".repeat(128));
        case 2 -> m.put("stream_no", r.nextBoolean() ? pick(r, ODD_TEXT) : huge(r, 70_000));
        case 3 -> m.put("tag_key", r.nextBoolean() ? pick(r, ODD_TEXT) : huge(r, 70_000));
        case 4 -> m.put("expire", new Raw(pick(r, new String[] {"4294967295", "1", "0"})));
        case 5 -> m.put("setting", r.nextInt(256));
        default -> m.put("header", Map.of("red_dot", r.nextInt(2), "no_persist", r.nextInt(2),
            "sync_once", r.nextInt(4) == 0 ? 1 : 0));
      }
    }
    return write(m);
  }

  static byte[] build(Random r, Endpoint e, String cat) {
    switch (cat) {
      case "valid":
        return write(e.arrayBody() ? valid(r, K.UIDS) : template(r, e));
      case "near-valid": {
        if (e.arrayBody()) {
          @SuppressWarnings("unchecked")
          List<Object> l = (List<Object>) valid(r, K.UIDS);
          l.set(r.nextInt(l.size()), weird(r));
          return write(l);
        }
        Map<String, Object> m = template(r, e);
        List<F> fields = e.fields().isEmpty() ? List.of(opt("x", K.STR, 1)) : e.fields();
        for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
          F f = fields.get(r.nextInt(fields.size()));
          switch (r.nextInt(8)) {
            case 0 -> m.remove(f.name());
            case 1 -> m.put(f.name(), null);
            case 2 -> m.put(pick(r, new String[] {"unknown", "", "FROM_UID", "from_uid ", "\u0000"}), weird(r));
            case 3 -> m.put(f.name(), valid(r, pick(r, K.values())));
            default -> m.put(f.name(), weird(r));
          }
        }
        byte[] out = write(m);
        if (r.nextInt(10) == 0 && !m.isEmpty()) {
          // a duplicate key: the last one wins in Jackson
          String s = new String(out, StandardCharsets.ISO_8859_1);
          String dup = "\"" + fields.get(r.nextInt(fields.size())).name() + "\":" + new String(write(weirdScalar(r)),
              StandardCharsets.ISO_8859_1) + ",";
          return ("{" + dup + s.substring(1)).getBytes(StandardCharsets.ISO_8859_1);
        }
        return out;
      }
      case "random-json":
        return write(randomJson(r, e, 0));
      case "wrong-top-type": {
        Object v = pick(r, new Object[] {List.of(), List.of(template(r, e)), "text", 42, new Raw("1e400"), true,
            null, new LinkedHashMap<>(Map.of("uids", List.of("fz-u1"))), List.of(List.of("fz-u1")),
            List.of(Map.of("uid", "fz-u1")), new Raw("\"\\ud800\"")});
        return write(e.arrayBody() && v instanceof List ? Map.of("0", "fz-u1") : v);
      }
      case "huge-numbers": {
        Map<String, Object> m = template(r, e);
        for (F f : e.fields()) {
          if (NUMERIC.contains(f.kind()) && (m.containsKey(f.name()) || r.nextBoolean())) {
            m.put(f.name(), new Raw(pick(r, HUGE_NUMBERS)));
          } else if (f.kind() == K.INTS || f.kind() == K.HEADER) {
            m.put(f.name(), f.kind() == K.INTS ? List.of(new Raw(pick(r, HUGE_NUMBERS)))
                : Map.of("no_persist", new Raw(pick(r, HUGE_NUMBERS)), "sync_once", new Raw(pick(r, HUGE_NUMBERS))));
          }
        }
        return write(e.arrayBody() ? List.of(new Raw(pick(r, HUGE_NUMBERS))) : m);
      }
      case "huge-string": {
        String h = huge(r, 200 * 1024);
        if (e.arrayBody() || e.fields().isEmpty() || r.nextInt(5) == 0) {
          return write(r.nextBoolean() ? h : List.of(h, h));
        }
        Map<String, Object> m = template(r, e);
        m.put(e.fields().get(r.nextInt(e.fields().size())).name(), h);
        if (m.containsKey("topic") || r.nextInt(3) == 0) {
          m.put("topic", h); // a long topic on a send that is delivered to an online client
        }
        return write(m);
      }
      case "deep-nesting": {
        int depth = r.nextInt(3) == 0 ? 900 : 5000;
        if (e.fields().isEmpty() || r.nextBoolean()) {
          return write(deep(r, depth));
        }
        Map<String, Object> m = template(r, e);
        m.put(e.fields().get(r.nextInt(e.fields().size())).name(), deep(r, depth));
        return write(m);
      }
      case "invalid-utf8": {
        if (r.nextInt(4) == 0) {
          byte[] raw = INVALID_UTF8[r.nextInt(INVALID_UTF8.length)];
          byte[] base = write(e.arrayBody() ? valid(r, K.UIDS) : template(r, e));
          int at = r.nextInt(base.length + 1);
          return concat(java.util.Arrays.copyOf(base, at), raw, java.util.Arrays.copyOfRange(base, at, base.length));
        }
        if (e.arrayBody()) {
          return write(List.of(badUtf8(r), "fz-u1"));
        }
        Map<String, Object> m = template(r, e);
        List<F> fields = e.fields().isEmpty() ? List.of(opt("x", K.STR, 1)) : e.fields();
        m.put(fields.get(r.nextInt(fields.size())).name(), badUtf8(r));
        return write(m);
      }
      case "empty":
        return pick(r, new String[] {"", " ", "\n", "\r\n", "\t \t", "null", "{}", "[]", "\"\"", "0"})
            .getBytes(StandardCharsets.UTF_8);
      default: // garbage
        return garbage(r, e);
    }
  }

  /** Field kinds whose valid values are numbers. */
  static final java.util.Set<K> NUMERIC = java.util.EnumSet.of(K.CHTYPE, K.INT, K.FLAG, K.CONNID, K.NODEID);

  static byte[] garbage(Random r, Endpoint e) {
    byte[] valid = write(e.arrayBody() ? valid(r, K.UIDS) : template(r, e));
    String v = new String(valid, StandardCharsets.UTF_8);
    switch (r.nextInt(14)) {
      case 0: {
        byte[] b = new byte[1 + r.nextInt(2000)];
        r.nextBytes(b);
        return b;
      }
      case 1: {
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = 1 + r.nextInt(300); i < n; i++) {
          sb.append((char) (32 + r.nextInt(95)));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
      }
      case 2:
        return java.util.Arrays.copyOf(valid, r.nextInt(valid.length)); // truncated
      case 3:
        return (v + pick(r, new String[] {"x", "}", "{}", "[]", ",", " garbage", "\u0000", "{\"a\":1}"}))
            .getBytes(StandardCharsets.UTF_8);
      case 4:
        return ("// comment\n" + v).getBytes(StandardCharsets.UTF_8);
      case 5:
        return v.replace('"', '\'').getBytes(StandardCharsets.UTF_8);
      case 6:
        return concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, valid, new byte[0]); // BOM
      case 7:
        return v.replaceAll("\"([a-z_]+)\":", "$1:").getBytes(StandardCharsets.UTF_8); // unquoted keys
      case 8:
        return pick(r, new String[] {"{\"from_uid\":NaN}", "{\"channel_type\":Infinity}", "{\"a\":-Infinity}",
            "{\"a\":01}", "{\"a\":.5}", "{\"a\":1.}", "{\"a\":+1}", "{\"a\":0x10}", "{\"a\":\"\\x41\"}",
            "{\"a\":\"\\u12\"}", "{\"a\":\"\\ud800\\u0041\"}", "{\"a\"}", "{,}", "{\"a\":1,}", "[1,]", "{\"a\" 1}",
            "{\"a\":\"unterminated}", "\"\\", "{\"a\":tru}", "{\"a\":nul}", "{{}}", "{\"a\":[}", "}{",
            "{\"a\":1}{\"b\":2}", "[\"fz-u1\"]]", "\u0000{}"}).getBytes(StandardCharsets.UTF_8);
      case 9:
        return concat(v.getBytes(StandardCharsets.UTF_16), new byte[0], new byte[0]); // UTF-16 with BOM
      case 10: {
        byte[] b = valid.clone(); // bit flips
        for (int i = 0, n = 1 + r.nextInt(4); i < n && b.length > 0; i++) {
          b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        }
        return b;
      }
      case 11: {
        StringBuilder sb = new StringBuilder("{"); // many keys
        for (int i = 0, n = 5000 + r.nextInt(5000); i < n; i++) {
          sb.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
      }
      case 12:
        return "{\"a\":\"".concat("\\\\".repeat(50_000)).concat("\"}").getBytes(StandardCharsets.UTF_8);
      default:
        return ("--fzfzfz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n" + v + "\r\n--fzfz")
            .getBytes(StandardCharsets.UTF_8);
    }
  }

  static Object randomJson(Random r, Endpoint e, int depth) {
    int k = r.nextInt(depth > 3 ? 4 : 7);
    switch (k) {
      case 0:
        return weirdScalar(r);
      case 1:
        return r.nextInt(3) == 0 ? r.nextLong() : r.nextInt();
      case 2:
        return alnum(r, r.nextInt(12));
      case 3:
        return r.nextBoolean() ? null : r.nextBoolean();
      case 4:
      case 5: {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0, n = r.nextInt(8); i < n; i++) {
          String name = !e.fields().isEmpty() && r.nextInt(3) > 0 ? e.fields().get(r.nextInt(e.fields().size())).name()
              : alnum(r, r.nextInt(6));
          m.put(name, randomJson(r, e, depth + 1));
        }
        return m;
      }
      default: {
        List<Object> l = new ArrayList<>();
        for (int i = 0, n = r.nextInt(6); i < n; i++) {
          l.add(randomJson(r, e, depth + 1));
        }
        return l;
      }
    }
  }

  static byte[] concat(byte[] a, byte[] b, byte[] c) {
    byte[] out = new byte[a.length + b.length + c.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    System.arraycopy(c, 0, out, a.length + b.length, c.length);
    return out;
  }

  // ------------------------------------------------------------------------------------------------ writer

  static byte[] write(Object v) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(v, out);
    return out.toByteArray();
  }

  static void write(Object v, ByteArrayOutputStream out) {
    if (v == null) {
      ascii(out, "null");
    } else if (v instanceof Raw raw) {
      ascii(out, raw.text());
    } else if (v instanceof String s) {
      string(s, out);
    } else if (v instanceof BadUtf8 b) {
      out.write('"');
      escape(b.before(), out);
      out.writeBytes(b.raw());
      escape(b.after(), out);
      out.write('"');
    } else if (v instanceof Map<?, ?> m) {
      out.write('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          out.write(',');
        }
        first = false;
        string(String.valueOf(e.getKey()), out);
        out.write(':');
        write(e.getValue(), out);
      }
      out.write('}');
    } else if (v instanceof List<?> l) {
      out.write('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          out.write(',');
        }
        write(l.get(i), out);
      }
      out.write(']');
    } else {
      ascii(out, String.valueOf(v)); // numbers, booleans
    }
  }

  private static void string(String s, ByteArrayOutputStream out) {
    out.write('"');
    escape(s, out);
    out.write('"');
  }

  /** JSON-escapes {@code s}; lone surrogates become {@code \\uXXXX} escapes (valid JSON, invalid UTF-16). */
  private static void escape(String s, ByteArrayOutputStream out) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.write('\\');
        out.write(c);
      } else if (c < 0x20) {
        ascii(out, String.format("\\u%04x", (int) c));
      } else if (c < 0x80) {
        out.write(c);
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.writeBytes(s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
        i++;
      } else if (Character.isSurrogate(c)) {
        ascii(out, String.format("\\u%04x", (int) c));
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  // ------------------------------------------------------------------------------------------------ queries

  static final String[] QUERY_VALUES = {"1", "2", "0", "-1", "", "fz-g1", "fz-online", "fz-u1@fz-online", "@",
      "a@b@c", "99999999999999999999999", "1e400", "NaN", "2147483648", "-2147483649", "0x10", "1.5", " 1",
      "id", "idDesc", "inMsgDesc", "Desc", "uptime", "nope", "conn", "true", "10001", "20"};

  /** A GET request line + headers for {@code e} with a malformed query string. */
  static byte[] getRequest(Random r, GetEndpoint e) {
    ByteArrayOutputStream q = new ByteArrayOutputStream();
    List<String> names = new ArrayList<>(e.params());
    names.add("x");
    names.add("");
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        ascii(q, pick(r, new String[] {"&", "&", "&", "&&", ";", "&=&"}));
      }
      ascii(q, pick(r, names.toArray(new String[0])));
      if (r.nextInt(8) != 0) {
        q.write('=');
      }
      queryValue(r, q);
    }
    byte[] query = q.toByteArray();
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    ascii(req, "GET " + e.path());
    if (r.nextInt(10) == 0) {
      ascii(req, pick(r, new String[] {"/", "//", "/..", "%2F", "/%00", ";x"}));
    }
    if (query.length > 0 || r.nextBoolean()) {
      req.write('?');
      req.writeBytes(query);
    }
    if (r.nextInt(20) == 0) {
      ascii(req, "#frag");
    }
    ascii(req, " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    return req.toByteArray();
  }

  private static void queryValue(Random r, ByteArrayOutputStream q) {
    switch (r.nextInt(9)) {
      case 0, 1 -> ascii(q, pct(pick(r, QUERY_VALUES).getBytes(StandardCharsets.UTF_8)));
      case 2 -> ascii(q, pct(pick(r, WEIRD_STRINGS).getBytes(StandardCharsets.UTF_8)));
      case 3 -> ascii(q, pct(INVALID_UTF8[r.nextInt(INVALID_UTF8.length)])); // %FF, %C3%28, ...
      case 4 -> ascii(q, pick(r, new String[] {"%", "%z", "%zz", "%%", "%1", "a%", "%%41", "%u0041", "%G0", "+",
          "%2", "%ZZ%zz"}));
      case 5 -> q.writeBytes(INVALID_UTF8[r.nextInt(INVALID_UTF8.length)].length > 0
          ? FuzzBodies.concat(new byte[] {'a'}, INVALID_UTF8[r.nextInt(INVALID_UTF8.length)], new byte[0])
          : new byte[] {'a'}); // raw bytes in the request line
      case 6 -> ascii(q, r.nextInt(4) == 0 ? "a".repeat(9000) : alnum(r, 6000)); // under / over the line limit
      case 7 -> ascii(q, "%C3%A9%E4%B8%AD" + pct("\ud83d\ude00".getBytes(StandardCharsets.UTF_8)));
      default -> ascii(q, pick(r, new String[] {"a=b=c", "=", "==", "a+b", "%2B", "%26", "%3D", "%23", "%20"}));
    }
  }

  static String pct(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append('%').append(String.format("%02X", x & 0xFF));
    }
    return sb.toString();
  }

  /** Requests that lie about their framing; {@code halfClose} says whether to shut the output after writing. */
  record RawRequest(String name, byte[] bytes, boolean halfClose) {
  }

  static RawRequest framing(Random r) {
    String body = "{\"from_uid\":\"fz-u1\",\"channel_id\":\"fz-u2\",\"channel_type\":1,\"payload\":\"eA==\"}";
    String path = pick(r, new String[] {"/message/send", "/channel", "/user/token", "/conversation/sync",
        "/user/onlinestatus", "/route/batch"});
    String h = "Host: 127.0.0.1\r\n";
    switch (r.nextInt(20)) {
      case 0:
        return raw("cl-claims-more", "POST " + path + " HTTP/1.1\r\n" + h + "Content-Length: " + (body.length() + 1
            + r.nextInt(100_000)) + "\r\n\r\n" + body, true);
      case 1:
        return raw("cl-claims-less", "POST " + path + " HTTP/1.1\r\n" + h + "Content-Length: " + r.nextInt(body
            .length()) + "\r\nConnection: close\r\n\r\n" + body, true);
      case 2:
        return raw("cl-negative", "POST " + path + " HTTP/1.1\r\n" + h + "Content-Length: -" + (1 + r.nextInt(9))
            + "\r\n\r\n" + body, true);
      case 3:
        return raw("cl-not-a-number", "POST " + path + " HTTP/1.1\r\n" + h + "Content-Length: "
            + pick(r, new String[] {"abc", "1e3", "0x10", "99999999999999999999999", "", "1, 2", " 12 "}) + "\r\n\r\n"
            + body, true);
      case 4:
        return raw("cl-and-chunked", "POST " + path + " HTTP/1.1\r\n" + h + "Content-Length: 5\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n" + body
            + "\r\n0\r\n\r\n", true);
      case 5:
        return raw("chunk-size-garbage", "POST " + path + " HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\n"
            + pick(r, new String[] {"zz", "-1", "ffffffffffffffffff", "7fffffff", "", " ", "1;" + "e".repeat(9000)})
            + "\r\n" + body + "\r\n0\r\n\r\n", true);
      case 6:
        return raw("chunk-short", "POST " + path + " HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\n"
            + Integer.toHexString(body.length() + 50) + "\r\n" + body, true);
      case 7:
        return raw("huge-header", "POST " + path + " HTTP/1.1\r\n" + h + "X-Big: " + "b".repeat(20_000)
            + "\r\nContent-Length: 2\r\n\r\n{}", true);
      case 8:
        return raw("odd-method", pick(r, new String[] {"FOO", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT",
            "HEAD", "G\u00c9T", "POST\u0000"}) + " " + path + " HTTP/1.1\r\n" + h + "Content-Length: " + body.length()
            + "\r\nConnection: close\r\n\r\n" + body, true);
      case 9:
        return raw("http2-preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", true);
      case 10:
        return raw("bad-version", "POST " + path + " " + pick(r, new String[] {"HTTP/9.9", "HTTP/1", "HTTX/1.1",
            "HTTP/1.1 junk", ""}) + "\r\n" + h + "Content-Length: 2\r\n\r\n{}", true);
      case 11:
        return new RawRequest("raw-bytes-in-path", FuzzBodies.concat(("POST " + path).getBytes(StandardCharsets.UTF_8),
            INVALID_UTF8[r.nextInt(INVALID_UTF8.length)], (" HTTP/1.1\r\n" + h + "Content-Length: 2\r\nConnection: "
                + "close\r\n\r\n{}").getBytes(StandardCharsets.UTF_8)), true);
      case 12:
        return raw("absolute-uri", "POST http://127.0.0.1" + path + " HTTP/1.1\r\n" + h + "Content-Length: "
            + body.length() + "\r\nConnection: close\r\n\r\n" + body, true);
      case 13:
        return raw("path-variants", "POST " + pick(r, new String[] {"//message//send", "/message/../message/send",
            "/message/send/", "/message/send?x=%zz", "/MESSAGE/SEND", "/message/send%00", "/message/%73end", "*",
            "/channel/../../../etc"}) + " HTTP/1.1\r\n" + h + "Content-Length: " + body.length()
            + "\r\nConnection: close\r\n\r\n" + body, true);
      case 14: {
        StringBuilder sb = new StringBuilder(); // pipelined requests with garbage between
        for (int i = 0; i < 3 + r.nextInt(5); i++) {
          sb.append("POST ").append(path).append(" HTTP/1.1\r\n").append(h).append("Content-Length: ")
              .append(body.length()).append("\r\n\r\n").append(body);
          if (r.nextBoolean()) {
            sb.append(pick(r, new String[] {"\r\n", "x", "\u0000", "GET"}));
          }
        }
        return raw("pipelined", sb.toString(), true);
      }
      case 15:
        return raw("expect-continue", "POST " + path + " HTTP/1.1\r\n" + h + "Expect: "
            + pick(r, new String[] {"100-continue", "999-nope", ""}) + "\r\nContent-Length: " + body.length()
            + "\r\nConnection: close\r\n\r\n" + body, true);
      case 16:
        return raw("multipart-garbage", "POST " + path + " HTTP/1.1\r\n" + h + "Content-Type: "
            + pick(r, new String[] {"multipart/form-data; boundary=", "multipart/form-data; boundary=zz",
                "multipart/form-data; boundary=\"", "multipart/mixed; boundary=a", "application/x-www-form-urlencoded"})
            + "\r\nContent-Length: 40\r\nConnection: close\r\n\r\n--zz\r\nContent-Disposition: form-data\r\n%zz=%",
            true);
      case 17:
        return raw("content-encoding", "POST " + path + " HTTP/1.1\r\n" + h + "Content-Encoding: "
            + pick(r, new String[] {"gzip", "deflate", "br", "zstd", "x"}) + "\r\nContent-Length: 10\r\nConnection: "
            + "close\r\n\r\n\u001f\u008b\u0008garbage", true);
      case 18:
        return raw("header-garbage", "POST " + path + " HTTP/1.1\r\n" + h + pick(r, new String[] {"NoColon\r\n",
            ": empty-name\r\n", "X-A: \u0000\r\n", " folded: x\r\n", "Content-Length: 2\r\nContent-Length: 3\r\n",
            "Host: a\r\nHost: b\r\n", "X: \u00ff\u00fe\r\n"}) + "Content-Length: 2\r\nConnection: close\r\n\r\n{}",
            true);
      default:
        return raw("websocket-upgrade-on-api", "GET /message/send HTTP/1.1\r\n" + h + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: " + pick(r, new String[] {"x", "", "dGhlIHNhbXBsZSBub25jZQ=="})
            + "\r\nSec-WebSocket-Version: " + pick(r, new String[] {"13", "99", "x"}) + "\r\n\r\n", true);
    }
  }

  private static RawRequest raw(String name, String text, boolean halfClose) {
    return new RawRequest(name, text.getBytes(StandardCharsets.ISO_8859_1), halfClose);
  }
}
