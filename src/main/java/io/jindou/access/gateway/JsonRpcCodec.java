package io.jindou.access.gateway;

import io.jindou.proto.ConnectPacket;
import io.jindou.proto.EventPacket;
import io.jindou.proto.Flags;
import io.jindou.proto.PingPacket;
import io.jindou.proto.RecvPacket;
import io.jindou.proto.RecvackPacket;
import io.jindou.proto.SendPacket;
import io.jindou.proto.SendackPacket;
import io.jindou.proto.Setting;
import io.jindou.proto.SubPacket;
import io.jindou.proto.SubackPacket;
import io.jindou.proto.WkCryptoSession;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The JSON-RPC 2.0 dialect (spec wkproto §6, the EasySDK's) of one WebSocket connection: one JSON object per
 * text message, payloads in Base64, no encryption. It reads {@code connect}, {@code send}, {@code recvack},
 * {@code ping}, {@code subscribe} and {@code unsubscribe} into the same packet records as WKProto (with the
 * request's {@code id}, which the answer echoes), and {@code disconnect} as a close; anything else is malformed,
 * which the session answers with an error response once open. A {@code send} keeps the {@code setting} its
 * client asked for (none by default): that the payload came in clear is this connection's property, not the
 * message's, so it never marks the message NoEncrypt (other connections' RECVs are sealed as always). Answers are
 * responses ({@code result}/{@code error}) and the {@code recv} and {@code disconnect} notifications. It never
 * decides state, order or reason codes, and never writes binary.
 */
final class JsonRpcCodec implements SessionCodec {
  private final int nodeId;
  private int version;

  JsonRpcCodec(int nodeId) {
    this.nodeId = nodeId;
  }

  /** Whether the first message of a WebSocket connection opens a JSON-RPC conversation (a JSON object). */
  static boolean claims(String firstText) {
    return firstText.stripLeading().startsWith("{");
  }

  @Override
  public void readBinary(byte[] bytes, Inbound in) {
    in.close("binary frame on a JSON-RPC connection");
  }

  @Override
  public void readText(String text, Inbound in) {
    JsonObject req;
    try {
      req = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      in.onMalformed(null, "request is not a JSON object");
      return;
    }
    Object id = req.getValue("id");
    String method = req.getValue("method") instanceof String m ? m : "";
    JsonObject params = req.getValue("params") instanceof JsonObject p ? p : new JsonObject();
    try {
      switch (method) {
        case "connect" -> in.onPacket(new ConnectPacket((int) num(params, "version", 0) == 0 ? 6
            : (int) num(params, "version", 6), (int) num(params, "deviceFlag", 0), str(params, "deviceId"),
            str(params, "uid"), str(params, "token"), num(params, "clientTimestamp", System.currentTimeMillis()),
            str(params, "clientKey")), id);
        case "send" -> {
          JsonObject h = params.getValue("header") instanceof JsonObject o ? o : new JsonObject();
          Flags flags = new Flags(false, bool(h, "syncOnce"), bool(h, "redDot"), bool(h, "noPersist"));
          byte[] payload = Base64.getDecoder().decode(str(params, "payload"));
          in.onPacket(new SendPacket(flags, setting(params), 0, str(params, "clientMsgNo"), "",
              str(params, "channelId"), (int) num(params, "channelType", 0), num(params, "expire", 0), "",
              str(params, "topic"), payload), id);
        }
        case "recvack" -> in.onPacket(new RecvackPacket(Flags.NONE, Long.parseLong(str(params, "messageId")),
            num(params, "messageSeq", 0)), id);
        case "ping" -> in.onPacket(PingPacket.INSTANCE, id);
        case "subscribe", "unsubscribe" -> in.onPacket(new SubPacket(Setting.NONE, str(params, "subNo"),
            str(params, "channelId"), (int) num(params, "channelType", 0),
            method.equals("subscribe") ? SubPacket.ACTION_SUBSCRIBE : SubPacket.ACTION_UNSUBSCRIBE,
            str(params, "param")), id);
        case "disconnect" -> in.close("client disconnected");
        default -> in.onMalformed(id, "unknown method '" + method + "'");
      }
    } catch (RuntimeException e) {
      in.onMalformed(id, "bad " + method + " request: " + e.getMessage());
    }
  }

  /**
   * The {@code setting} a {@code send} asks for: the flags object of the WuKongIM schema ({@code receipt},
   * {@code signal}, {@code stream}, {@code topic}) or the raw setting byte; none when absent.
   */
  private static Setting setting(JsonObject params) {
    Object v = params.getValue("setting");
    if (v == null) {
      return Setting.NONE;
    }
    if (v instanceof JsonObject flags) {
      return Setting.of((bool(flags, "receipt") ? Setting.RECEIPT : 0) | (bool(flags, "signal") ? Setting.SIGNAL : 0)
          | (bool(flags, "stream") ? Setting.STREAM : 0) | (bool(flags, "topic") ? Setting.TOPIC : 0));
    }
    long bits = num(params, "setting", 0);
    if (bits < 0 || bits > 255) {
      throw new IllegalArgumentException("setting must be 0..255, got " + bits);
    }
    return Setting.of((int) bits);
  }

  private static String str(JsonObject o, String k) {
    Object v = o.getValue(k);
    if (v == null) {
      return "";
    }
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(k + " must be a string");
    }
    return s;
  }

  private static long num(JsonObject o, String k, long dflt) {
    Object v = o.getValue(k);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof String s) {
      return Long.parseLong(s);
    }
    throw new IllegalArgumentException(k + " must be a number");
  }

  private static boolean bool(JsonObject o, String k) {
    Object v = o.getValue(k);
    return v instanceof Boolean b ? b : v instanceof Number n && n.intValue() != 0;
  }

  @Override
  public boolean inputPending() {
    return false; // one request per text message
  }

  @Override
  public void open(ConnectPacket connect, int version) {
    this.version = version; // JSON-RPC connections are not encrypted: no keys to derive
  }

  @Override
  public WkCryptoSession crypto() {
    return null;
  }

  @Override
  public byte[] connack(ConnectPacket connect, long timeDiff, Object requestId) {
    return result(requestId, new JsonObject().put("serverVersion", version).put("timeDiff", timeDiff)
        .put("reasonCode", 1).put("nodeId", nodeId));
  }

  @Override
  public byte[] connackFailure(int reason, String why, Object requestId) {
    return error(requestId, reason, why);
  }

  @Override
  public byte[] sendack(SendackPacket ack, Object requestId) {
    return result(requestId, new JsonObject().put("messageId", Long.toString(ack.messageId()))
        .put("messageSeq", ack.messageSeq()).put("reasonCode", ack.reasonCode()));
  }

  @Override
  public byte[] recv(RecvPacket p) {
    JsonObject header = new JsonObject();
    if (p.flags().redDot()) {
      header.put("redDot", true);
    }
    if (p.flags().noPersist()) {
      header.put("noPersist", true);
    }
    if (p.flags().syncOnce()) {
      header.put("syncOnce", true);
    }
    JsonObject params = new JsonObject().put("header", header).put("messageId", Long.toString(p.messageId()))
        .put("messageSeq", p.messageSeq()).put("clientMsgNo", p.clientMsgNo()).put("streamId", "0")
        .put("timestamp", p.timestamp()).put("channelId", p.channelId()).put("channelType", p.channelType())
        .put("fromUid", p.fromUid()).put("payload", Base64.getEncoder().encodeToString(p.payload()));
    return text(new JsonObject().put("jsonrpc", "2.0").put("method", "recv").put("params", params));
  }

  /** The {@code event} notification (spec wkproto §6): {@code data} is the event's JSON as a string. */
  @Override
  public byte[] event(EventPacket e) {
    JsonObject params = new JsonObject().put("id", e.id()).put("type", e.type()).put("timestamp", e.timestamp())
        .put("data", new String(e.data(), java.nio.charset.StandardCharsets.UTF_8));
    return text(new JsonObject().put("jsonrpc", "2.0").put("method", "event").put("params", params));
  }

  @Override
  public Object eventEncoding() {
    return JsonRpcCodec.class;
  }

  @Override
  public byte[] pong(Object requestId) {
    return text(new JsonObject().put("jsonrpc", "2.0").put("id", requestId));
  }

  @Override
  public byte[] disconnect(int reasonCode, String reason) {
    return text(new JsonObject().put("jsonrpc", "2.0").put("method", "disconnect")
        .put("params", new JsonObject().put("reasonCode", reasonCode).put("reason", reason)));
  }

  /**
   * The answer to {@code subscribe}/{@code unsubscribe}: a result echoing the subscription with its reason code
   * (the WuKongIM schema's SubscriptionResult), as the SUBACK does for WKProto.
   */
  @Override
  public byte[] suback(SubackPacket ack, Object requestId) {
    return result(requestId, new JsonObject().put("subNo", ack.subNo()).put("channelId", ack.channelId())
        .put("channelType", ack.channelType()).put("action", ack.action()).put("reasonCode", ack.reasonCode()));
  }

  @Override
  public byte[] error(Object requestId, String why) {
    return error(requestId, 0, why);
  }

  @Override
  public void emit(Transport transport, byte[] frame) {
    transport.writeText(new String(frame, StandardCharsets.UTF_8));
  }

  private static byte[] result(Object id, JsonObject result) {
    return text(new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result));
  }

  private static byte[] error(Object id, int code, String message) {
    return text(new JsonObject().put("jsonrpc", "2.0").put("id", id)
        .put("error", new JsonObject().put("code", code).put("message", message)));
  }

  private static byte[] text(JsonObject o) {
    return o.encode().getBytes(StandardCharsets.UTF_8);
  }
}
