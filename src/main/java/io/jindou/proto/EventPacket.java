package io.jindou.proto;

import java.util.Arrays;
import java.util.Objects;

/**
 * EVENT (type 12, either direction, spec §2.11): {@code id str | type str | timestamp i64 (ms) | data rest}.
 * Version-independent, but only the v3 codec and JS 1.3.x know it: the gateway must never send it to a
 * protocol-version-2 client (npm 1.0.4 has no decoder and reconnects). Equality compares {@code data} by content.
 */
public record EventPacket(String id, String type, long timestamp, byte[] data) implements Packet {

  public EventPacket {
    Check.notNull("id", id);
    Check.notNull("type", type);
    Check.notNull("data", data);
  }

  @Override
  public PacketType packetType() {
    return PacketType.EVENT;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventPacket p && id.equals(p.id) && type.equals(p.type) && timestamp == p.timestamp
        && Arrays.equals(data, p.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, type, timestamp, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "EventPacket[id=" + id + ", type=" + type + ", timestamp=" + timestamp + ", data=" + data.length
        + " bytes]";
  }
}
