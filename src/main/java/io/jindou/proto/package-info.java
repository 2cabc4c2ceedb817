/**
 * WKProto, the WuKongIM client wire protocol: one record per packet, the byte-exact encoder, the streaming
 * decoder and the X25519/AES-CBC/MD5 session crypto (spec {@code wkproto.md} §1–§3).
 *
 * <p>Owns bytes only. It never does I/O, never touches Vert.x, never starts threads or holds locks, and knows
 * nothing about users, channels or storage: the gateway in {@code access.gateway} decides what to send, negotiates
 * the version with {@link io.jindou.proto.ProtocolVersion#negotiate(int)}, owns one {@link io.jindou.proto.WkDecoder}
 * and one {@link io.jindou.proto.WkCryptoSession} per connection, and maps {@link io.jindou.proto.ProtocolException}
 * to closing the connection (or to a SENDACK reason code) at its edge.
 */
package io.jindou.proto;
