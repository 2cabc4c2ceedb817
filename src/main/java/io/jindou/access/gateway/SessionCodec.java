package io.jindou.access.gateway;

import io.jindou.proto.ConnectPacket;
import io.jindou.proto.EventPacket;
import io.jindou.proto.Flags;
import io.jindou.proto.Packet;
import io.jindou.proto.ProtocolException;
import io.jindou.proto.RecvPacket;
import io.jindou.proto.RecvackPacket;
import io.jindou.proto.SendackPacket;
import io.jindou.proto.SubackPacket;
import io.jindou.proto.WkCryptoSession;

/**
 * One client dialect of a connection: how its input becomes packets and how each answer the {@link Session}
 * decides on becomes one frame. Implementations side by side: {@link WkProtoCodec} (binary WKProto over TCP
 * and WebSocket, encrypted per session) and {@link JsonRpcCodec} (JSON-RPC in WebSocket text messages, not
 * encrypted). The session's vocabulary is the {@code proto} packet records, whatever the dialect: a codec
 * reads its input into those records (with the request id a reply must echo) and encodes the answers.
 *
 * <p>Contract: one instance per connection, called only on that connection's event loop, in the session's
 * order; each encode method returns one complete frame, which the session passes to {@link #emit} unchanged, except
 * the RECV, which {@link #writeRecv} puts on the transport itself (a retry writes it again from the message, and the
 * bytes come out the same: the view, the key and the IV do not change). A codec decides nothing: not the state, the order of answers, the
 * rate limits, the reason codes or when to close — it only reports what it read and writes what it is
 * given. Adding a packet kind is one encode method here plus one per codec (EVENT, type 12, will be
 * {@code byte[] event(EventPacket e)}: {@code WkEncoder} already lays it out, and JSON-RPC has an
 * {@code event} notification, spec wkproto §2.11 and §6).
 */
interface SessionCodec {

  /** What a codec reports while it reads; the {@link Session} implements it. */
  interface Inbound {
    /**
     * One packet from the client, with the request id its reply must echo ({@code null} for WKProto, whose
     * replies carry no id, and for JSON-RPC notifications).
     */
    void onPacket(Packet p, Object requestId);

    /**
     * A RECVACK the codec read in place, without a packet (WKProto); the same as {@link #onPacket} with a
     * {@link RecvackPacket} and no request id, which is what this default does.
     */
    default void onRecvack(int flags, long messageId, long messageSeq) {
      onPacket(new RecvackPacket(Flags.fromBits(flags), messageId, messageSeq), null);
    }

    /** Input this dialect cannot read; the session answers with {@link SessionCodec#error} or closes. */
    void onMalformed(Object requestId, String why);

    /** The client asked to close, or sent a kind of frame this dialect never carries. */
    void close(String why);

    /** True once the connection is closed: the codec stops reading. */
    boolean closed();
  }

  // ---- inbound

  /** A TCP chunk or binary WebSocket message (both are a stream: a packet may span reads). */
  void readBinary(byte[] bytes, Inbound in);

  /** A WebSocket text message. */
  void readText(String text, Inbound in);

  /**
   * True when input arrived behind the packet just reported, in the same read (the v3 rule that a CONNECT
   * must be alone in its read, spec wkproto §3.1, is the session's; a text message holds one request).
   */
  boolean inputPending();

  /**
   * The CONNECT was accepted: from now on decode and encode for the negotiated {@code version} and, when the
   * dialect encrypts, derive this connection's keys from the CONNECT's client key.
   *
   * @throws ProtocolException if the client key is missing or unusable (the session refuses with reason 21)
   */
  void open(ConnectPacket connect, int version) throws ProtocolException;

  /** The keys a SEND's msgKey and payload are checked with; {@code null} when the dialect does not encrypt. */
  WkCryptoSession crypto();

  // ---- outbound: each returns one frame for emit

  /** The successful CONNACK to {@code connect} (after {@link #open}); {@code timeDiff} = server − client ms. */
  byte[] connack(ConnectPacket connect, long timeDiff, Object requestId);

  /** The refusal of a CONNECT with a reason code; the session closes after it. */
  byte[] connackFailure(int reason, String why, Object requestId);

  /** The answer to one SEND, echoing its request id. */
  byte[] sendack(SendackPacket ack, Object requestId);

  /**
   * A RECV as this connection sees it ({@link RecvView}), sealed with the connection's key when the dialect
   * encrypts. The delivery path: one call per message and device, so no more work than the bytes need.
   */
  byte[] recv(RecvPacket plain);

  /**
   * Writes {@link #recv}'s frame to {@code transport} and returns its length; a dialect that can lay the RECV out
   * in the transport's own buffer (WKProto over TCP) does so, without the intermediate frame.
   */
  default int writeRecv(Transport transport, RecvPacket plain) {
    byte[] frame = recv(plain);
    emit(transport, frame);
    return frame.length;
  }

  /**
   * A stream event as this connection's dialect shows it (WKProto EVENT, type 12; the JSON-RPC {@code event}
   * notification), or {@code null} when this connection cannot decode one (WKProto below version 5, spec wkproto
   * §2.11): then the session sends nothing and the client reads the stream through sync.
   */
  byte[] event(EventPacket e);

  /**
   * Which EVENT encoding this codec uses: codecs that answer equal keys encode any event to the same bytes, so a
   * delivery is encoded once per loop and not once per device ({@link EventView#wire}); null when it never
   * encodes one.
   */
  Object eventEncoding();

  /** The answer to a PING. */
  byte[] pong(Object requestId);

  /** The server's DISCONNECT (a kick), before the session closes. */
  byte[] disconnect(int reasonCode, String reason);

  /** The answer to a SUB. */
  byte[] suback(SubackPacket ack, Object requestId);

  /**
   * The answer to a request this dialect could not read, on an open connection; {@code null} when the dialect
   * has none and the connection must close instead (WKProto).
   */
  byte[] error(Object requestId, String why);

  /** Puts one frame from the methods above on the transport (a binary packet or a text message). */
  void emit(Transport transport, byte[] frame);
}
