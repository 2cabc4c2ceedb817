package io.jindou.access.gateway;

import io.jindou.proto.WkCrypto;
import io.jindou.usecase.SendMessages;
import io.jindou.usecase.ClientLogin;

/**
 * What every session of this node shares: configuration, the login and send use cases (shared with the other
 * edges), the session registry, and the node's X25519 key pair (each session still
 * derives its own AES key from the client's key, so one server key pair is enough). Immutable and thread-safe.
 */
public record GatewayServices(GatewayConfig config, ClientLogin login, SendMessages sends,
    SessionRegistry registry, WkCrypto.X25519KeyPair serverKey,
    java.util.concurrent.atomic.AtomicInteger openConnections,
    java.util.concurrent.atomic.AtomicBoolean inboxTaken) {

  public GatewayServices(GatewayConfig config, ClientLogin login, SendMessages sends,
      SessionRegistry registry, WkCrypto.X25519KeyPair serverKey) {
    this(config, login, sends, registry, serverKey, new java.util.concurrent.atomic.AtomicInteger(),
        new java.util.concurrent.atomic.AtomicBoolean());
  }
}
