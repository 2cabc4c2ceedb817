package io.jindou.access.gateway;

import io.jindou.proto.ConnackPacket;
import io.jindou.proto.ConnectPacket;
import io.jindou.proto.DisconnectPacket;
import io.jindou.proto.EventPacket;
import io.jindou.proto.Packet;
import io.jindou.proto.PacketType;
import io.jindou.proto.PongPacket;
import io.jindou.proto.ProtocolException;
import io.jindou.proto.ProtocolVersion;
import io.jindou.proto.RecvFrame;
import io.jindou.proto.RecvPacket;
import io.jindou.proto.SendackPacket;
import io.jindou.proto.Setting;
import io.jindou.proto.SubackPacket;
import io.jindou.proto.WkCrypto;
import io.jindou.proto.WkCryptoSession;
import io.jindou.proto.WkDecoder;
import io.jindou.proto.WkEncoder;
import java.util.EnumSet;
import java.util.function.Supplier;

/**
 * The WKProto dialect (spec wkproto §1–§4) of one connection, over TCP or binary WebSocket messages: a
 * streaming {@link WkDecoder}, the negotiated version, and the connection's own X25519 key pair and AES keys,
 * which seal every RECV: whether a message's sender encrypted its SEND (a JSON-RPC client never does, a WKProto
 * client may set NoEncrypt) says nothing about this connection, and the official JS SDKs verify and decrypt every
 * RECV and drop one with an empty msgKey (spec wkproto §1.4, §2.6), so a RECV here never carries NoEncrypt. Until
 * {@link #open} its decoder reads only a CONNECT of at most {@code preAuthPacketBytes} (any other header byte, or a
 * longer frame, is malformed at once, before its body arrives); after it, the packets a client sends, up to
 * {@code maxPacketBytes}. Every answer is one packet encoded with the negotiated version (the failure CONNACK
 * with the v3 server's pre-negotiation layout, §2.3); a RECV is sealed and laid out in place in the transport's
 * pending bytes, and a RECVACK is read in place, without a packet. WKProto has no error answer: the first undecodable byte is
 * reported as malformed and the session closes. It never decides the handshake order or reason codes, and never
 * sends a connection's bytes to another.
 */
final class WkProtoCodec implements SessionCodec {
  private final WkDecoder decoder;
  private final int maxPacketBytes;
  private final Supplier<WkCrypto.X25519KeyPair> keys;
  private final int nodeId;
  private final Supplier<String> salts;
  private int version;
  private WkCryptoSession crypto;
  /** This connection's public key, for its CONNACK. */
  private String serverPublicKey;

  /** A codec with a fresh key pair and a random CONNACK salt per connection (spec §3.2, as the v3 server). */
  WkProtoCodec(int maxPacketBytes, int preAuthPacketBytes, int nodeId) {
    this(maxPacketBytes, preAuthPacketBytes, WkCrypto::generateKeyPair, nodeId, WkCrypto::randomSalt);
  }

  /** A codec drawing its key pair from {@code keys} and its salt from {@code salts} (tests use the spec's). */
  WkProtoCodec(int maxPacketBytes, int preAuthPacketBytes, Supplier<WkCrypto.X25519KeyPair> keys, int nodeId,
      Supplier<String> salts) {
    this.decoder = new WkDecoder(maxPacketBytes);
    this.decoder.setMaxRemainingLength(Math.min(preAuthPacketBytes, maxPacketBytes));
    this.decoder.accept(EnumSet.of(PacketType.CONNECT));
    this.maxPacketBytes = maxPacketBytes;
    this.keys = keys;
    this.nodeId = nodeId;
    this.salts = salts;
  }

  @Override
  public void readBinary(byte[] bytes, Inbound in) {
    decoder.adopt(bytes);
    try {
      WkDecoder.RecvackSink acks = in::onRecvack;
      while (!in.closed()) {
        if (decoder.nextRecvack(acks)) {
          continue; // the common packet of a busy connection, read in place
        }
        Packet p = decoder.next();
        if (p == null) {
          break;
        }
        in.onPacket(p, null);
      }
    } catch (ProtocolException e) {
      in.onMalformed(null, "protocol error: " + e.getMessage());
    }
  }

  @Override
  public void readText(String text, Inbound in) {
    in.close("text frame on a WKProto connection");
  }

  @Override
  public boolean inputPending() {
    return decoder.bufferedBytes() > 0;
  }

  @Override
  public void open(ConnectPacket connect, int version) throws ProtocolException {
    WkCrypto.X25519KeyPair own = keys.get(); // one key pair per connection: its private key dies with the session
    crypto = WkCrypto.session(own.privateKey(), connect.clientKey(), salts.get());
    serverPublicKey = own.publicKeyBase64();
    this.version = version;
    decoder.setVersion(version);
    decoder.setMaxRemainingLength(maxPacketBytes);
    decoder.accept(PacketType.FROM_CLIENT);
  }

  @Override
  public WkCryptoSession crypto() {
    return crypto;
  }

  @Override
  public byte[] connack(ConnectPacket connect, long timeDiff, Object requestId) {
    return encode(ConnackPacket.success(connect.version(), timeDiff, serverPublicKey, crypto.salt(), nodeId));
  }

  @Override
  public byte[] connackFailure(int reason, String why, Object requestId) {
    return WkEncoder.encode(ConnackPacket.failure(reason), ProtocolVersion.UNNEGOTIATED_ENCODE_VERSION);
  }

  @Override
  public byte[] sendack(SendackPacket ack, Object requestId) {
    return encode(ack);
  }

  @Override
  public byte[] recv(RecvPacket plain) {
    return RecvFrame.encode(sealable(plain), crypto, version);
  }

  /** The sealed RECV laid out straight in the transport's pending bytes (TCP), no frame array in between. */
  @Override
  public int writeRecv(Transport transport, RecvPacket plain) {
    RecvPacket p = sealable(plain);
    int length = RecvFrame.length(p, version);
    transport.writePacket(length, (out, at) -> RecvFrame.write(p, crypto, version, out, at, length));
    return length;
  }

  private static RecvPacket sealable(RecvPacket plain) {
    return plain.setting().noEncrypt() ? plain.withSetting(plain.setting().with(Setting.NO_ENCRYPT, false)) : plain;
  }

  @Override
  public byte[] event(EventPacket e) {
    return ProtocolVersion.decodesEvent(version) ? encode(e) : null;
  }

  @Override
  public Object eventEncoding() {
    return ProtocolVersion.decodesEvent(version) ? Integer.valueOf(version) : null; // EVENT is not encrypted
  }

  @Override
  public byte[] pong(Object requestId) {
    return encode(PongPacket.INSTANCE);
  }

  @Override
  public byte[] disconnect(int reasonCode, String reason) {
    return encode(new DisconnectPacket(reasonCode, reason));
  }

  @Override
  public byte[] suback(SubackPacket ack, Object requestId) {
    return encode(ack);
  }

  @Override
  public byte[] error(Object requestId, String why) {
    return null; // WKProto has no error packet: the connection closes
  }

  @Override
  public void emit(Transport transport, byte[] frame) {
    transport.writePacket(frame);
  }

  /** Encodes with the negotiated version (the v3 server's default before negotiation). */
  private byte[] encode(Packet p) {
    return WkEncoder.encode(p, version == 0 ? ProtocolVersion.UNNEGOTIATED_ENCODE_VERSION : version);
  }
}
