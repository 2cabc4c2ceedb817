package io.jindou.proto;

/**
 * One WKProto packet, decoded: an immutable record per type with the spec's fields (camelCase; {@code ID}/{@code UID}
 * spelled {@code Id}/{@code Uid}). Fields that a protocol version omits (expire, stream fields, nodeId, …) are
 * still present in the record; the encoder drops them for versions that do not carry them, and the decoder leaves
 * them at 0 / {@code ""}.
 *
 * <p>Records never hold {@code null}; an absent optional string is {@code ""}. Integer fields are range-checked
 * in the constructors (u8, u32). Payload arrays are not copied: treat them as immutable once in a record. Records never know their own encoding; that is {@link WkEncoder} and
 * {@link WkDecoder}.
 */
public sealed interface Packet
    permits ConnectPacket, ConnackPacket, SendPacket, SendackPacket, RecvPacket, RecvackPacket, PingPacket,
        PongPacket, DisconnectPacket, SubPacket, SubackPacket, EventPacket {

  /** The type number this record encodes to. */
  PacketType packetType();
}
