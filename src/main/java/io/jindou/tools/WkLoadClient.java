package io.jindou.tools;

import io.jindou.proto.ConnackPacket;
import io.jindou.proto.ConnectPacket;
import io.jindou.proto.Flags;
import io.jindou.proto.Packet;
import io.jindou.proto.PingPacket;
import io.jindou.proto.ProtocolException;
import io.jindou.proto.RecvPacket;
import io.jindou.proto.RecvackPacket;
import io.jindou.proto.WkCrypto;
import io.jindou.proto.WkCryptoSession;
import io.jindou.proto.WkDecoder;
import io.jindou.proto.WkEncoder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.function.Consumer;

/**
 * A load-tool client that behaves like an official SDK over TCP: real X25519 handshake, msgKey check and
 * decryption of every RECV, a RECVACK for each one, PING on demand. Lives on one event loop of the tool.
 * It only measures; it never sends chat messages itself.
 */
final class WkLoadClient {
  private static final WkCrypto.X25519KeyPair KEYS = WkCrypto.generateKeyPair();
  private final String uid;
  private final Consumer<RecvPacket> onRecv;
  private final WkDecoder decoder = new WkDecoder(1 << 22, 6);
  private NetSocket socket;
  private WkCryptoSession crypto;
  private Promise<Void> connected;
  long decryptErrors;

  WkLoadClient(String uid, Consumer<RecvPacket> onRecv) {
    this.uid = uid;
    this.onRecv = onRecv;
  }

  /** Connects from {@code localAddress} (null = any) and completes after a successful CONNACK. */
  Future<Void> connect(NetClient client, String host, int port, String token) {
    connected = Promise.promise();
    client.connect(port, host).onFailure(connected::tryFail).onSuccess(s -> {
      socket = s;
      s.handler(this::onData);
      s.closeHandler(v -> connected.tryFail("closed during handshake"));
      s.write(Buffer.buffer(WkEncoder.encode(new ConnectPacket(6, 1, uid + "-load", uid, token,
          System.currentTimeMillis(), KEYS.publicKeyBase64()), 6)));
    });
    return connected.future();
  }

  private void onData(Buffer b) {
    decoder.adopt(b.getBytes());
    try {
      Packet p;
      while ((p = decoder.next()) != null) {
        if (p instanceof ConnackPacket ack) {
          if (ack.reasonCode() != 1) {
            connected.tryFail("CONNACK reason " + ack.reasonCode());
            continue;
          }
          crypto = WkCrypto.session(KEYS.privateKey(), ack.serverKey(), ack.salt());
          connected.tryComplete();
        } else if (p instanceof RecvPacket r) {
          RecvPacket plain;
          try {
            plain = crypto.openRecv(r);
          } catch (ProtocolException e) {
            decryptErrors++;
            continue;
          }
          socket.write(Buffer.buffer(WkEncoder.encode(new RecvackPacket(Flags.NONE, r.messageId(), r.messageSeq()), 6)));
          onRecv.accept(plain);
        }
      }
    } catch (ProtocolException e) {
      socket.close();
    }
  }

  void ping() {
    if (socket != null) {
      socket.write(Buffer.buffer(WkEncoder.encode(PingPacket.INSTANCE, 6)));
    }
  }

  void close() {
    if (socket != null) {
      socket.close();
    }
  }
}
