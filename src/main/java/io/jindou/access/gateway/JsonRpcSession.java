package io.jindou.access.gateway;

import io.jindou.model.Message;
import io.jindou.proto.ConnectPacket;
import io.jindou.proto.Flags;
import io.jindou.proto.PingPacket;
import io.jindou.proto.RecvPacket;
import io.jindou.proto.RecvackPacket;
import io.jindou.proto.SendPacket;
import io.jindou.proto.SendackPacket;
import io.jindou.proto.Setting;
import io.jindou.proto.WkCryptoSession;
import io.vertx.core.Context;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A JSON-RPC 2.0 connection on the WebSocket port (spec wkproto §6, the EasySDK dialect): text frames, one
 * JSON object each, no encryption, payloads as Base64. It maps requests onto the same packet flow as a
 * WKProto {@link Session} (so policy, sequencing and delivery are shared) and only changes how results are
 * written. A first message that is not {@code connect} closes the connection; a later bad message gets an
 * error response.
 */
final class JsonRpcSession extends Session {

  JsonRpcSession(long id, Context context, Transport transport, GatewayServices gw) {
    super(id, context, transport, gw);
  }

  void onText(String text) {
    if (state == State.CLOSED) {
      return;
    }
    stats.inBytes += text.length();
    stats.inPackets++;
    stats.lastActivity = System.currentTimeMillis();
    JsonObject req;
    try {
      req = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      rejectOrClose(null, "request is not a JSON object");
      return;
    }
    Object id = req.getValue("id");
    String method = req.getValue("method") instanceof String m ? m : "";
    JsonObject params = req.getValue("params") instanceof JsonObject p ? p : new JsonObject();
    try {
      switch (method) {
        case "connect" -> onPacket(new ConnectPacket((int) num(params, "version", 0) == 0 ? 6
            : (int) num(params, "version", 6), (int) num(params, "deviceFlag", 0), str(params, "deviceId"),
            str(params, "uid"), str(params, "token"), num(params, "clientTimestamp", System.currentTimeMillis()),
            str(params, "clientKey")), id);
        case "send" -> {
          JsonObject h = params.getValue("header") instanceof JsonObject o ? o : new JsonObject();
          Flags flags = new Flags(false, bool(h, "syncOnce"), bool(h, "redDot"), bool(h, "noPersist"));
          byte[] payload = Base64.getDecoder().decode(str(params, "payload"));
          onPacket(new SendPacket(flags, Setting.of(Setting.NO_ENCRYPT), 0, str(params, "clientMsgNo"), "",
              str(params, "channelId"), (int) num(params, "channelType", 0), num(params, "expire", 0), "",
              str(params, "topic"), payload), id);
        }
        case "recvack" -> onPacket(new RecvackPacket(Flags.NONE, Long.parseLong(str(params, "messageId")),
            num(params, "messageSeq", 0)), id);
        case "ping" -> onPacket(PingPacket.INSTANCE, id);
        case "disconnect" -> close("client disconnected");
        default -> rejectOrClose(id, "unknown method '" + method + "'");
      }
    } catch (RuntimeException e) {
      rejectOrClose(id, "bad " + method + " request: " + e.getMessage());
    }
  }

  private void rejectOrClose(Object id, String why) {
    if (state != State.OPEN) {
      close(why);
      return;
    }
    error(id, 0, why);
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
  WkCryptoSession openCrypto(ConnectPacket c) {
    return null; // JSON-RPC connections are not encrypted
  }

  @Override
  void writeConnack(ConnectPacket c, Object requestId) {
    result(requestId, new JsonObject().put("serverVersion", version)
        .put("timeDiff", System.currentTimeMillis() - c.clientTimestamp()).put("reasonCode", 1)
        .put("nodeId", gw.config().nodeId()));
  }

  @Override
  void refuse(int reason, String why, Object requestId) {
    error(requestId, reason, why);
    closeAfter(200, "connect refused: " + why);
  }

  @Override
  void writeSendack(SendackPacket ack, Object requestId) {
    result(requestId, new JsonObject().put("messageId", Long.toString(ack.messageId()))
        .put("messageSeq", ack.messageSeq()).put("reasonCode", ack.reasonCode()));
  }

  @Override
  void writePong(Object requestId) {
    text(new JsonObject().put("jsonrpc", "2.0").put("id", requestId));
  }

  @Override
  void writeDisconnect(int reasonCode, String reason) {
    text(new JsonObject().put("jsonrpc", "2.0").put("method", "disconnect")
        .put("params", new JsonObject().put("reasonCode", reasonCode).put("reason", reason)));
  }

  @Override
  byte[] encodeRecv(Message m, boolean ownDevice) {
    RecvPacket p = recvPacket(m, ownDevice);
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
    return new JsonObject().put("jsonrpc", "2.0").put("method", "recv").put("params", params).encode()
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  void emit(byte[] bytes) {
    transport.writeText(new String(bytes, StandardCharsets.UTF_8));
  }

  private void result(Object id, JsonObject result) {
    text(new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result));
  }

  private void error(Object id, int code, String message) {
    text(new JsonObject().put("jsonrpc", "2.0").put("id", id)
        .put("error", new JsonObject().put("code", code).put("message", message)));
  }

  private void text(JsonObject o) {
    writeBytes(o.encode().getBytes(StandardCharsets.UTF_8));
  }
}
