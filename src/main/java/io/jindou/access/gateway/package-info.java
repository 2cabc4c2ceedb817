/**
 * The client gateway: this node's WKProto connections (TCP, binary WebSocket) and JSON-RPC connections (WebSocket
 * text), README "Client gateway", spec {@code wkproto.md}.
 *
 * <p>Owns, per connection, one {@link io.jindou.access.gateway.Session} — the state machine every dialect shares:
 * handshake, SENDACKs in SEND order, RECV with RECVACK tracking and retries ({@code UnackedRecvs}), PING, kicks,
 * the packet rate, backpressure and close — composed with the {@code SessionCodec} of its dialect
 * ({@code WkProtoCodec}, {@code JsonRpcCodec}), which alone knows bytes and text. Per node: the listeners and the
 * RECV retry tick ({@link io.jindou.access.gateway.GatewayVerticle}), the registry of open sessions that is also
 * the node's presence and {@code /connz} view ({@link io.jindou.access.gateway.SessionRegistry}), the hand-over of
 * committed messages to local sessions ({@link io.jindou.access.gateway.LocalDelivery}, seen through
 * {@code RecvView}) and the TCP write coalescing of each event loop. Before CONNACK a connection is held to small
 * limits: the codec reads only a small CONNECT, {@code PreAuthGuard} caps a WebSocket's raw bytes,
 * {@code WebSocketInbound} reads WebSocket frames one by one, and {@code AuthFailures} slows down addresses whose
 * CONNECTs keep failing; the per-address connection cap is {@code access.net}'s.
 *
 * <p>Does not own: permissions, sequencing, idempotency or fan-out planning (the channel owner's, reached by one
 * call per SEND in {@code Session}), packet layouts and crypto ({@code proto}), tokens and bans ({@code user},
 * {@code channel}), where other nodes' sessions are ({@code cluster}). A session's state lives on its connection's
 * event loop and is reached from elsewhere only through that loop; the registry is the one structure shared across
 * loops.
 */
package io.jindou.access.gateway;
