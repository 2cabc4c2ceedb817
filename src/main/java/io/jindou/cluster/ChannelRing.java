package io.jindou.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Consistent hashing of channel routing keys onto ready node ids, with virtual nodes, plus the shard of a
 * key inside its node. Immutable: a membership change builds a new ring. Every node given the same member
 * set computes the same owner (the hash is fixed, not {@code String.hashCode}); a join or leave moves only
 * that member's share. It never looks at membership itself.
 */
public final class ChannelRing {
  private final TreeMap<Long, Integer> ring = new TreeMap<>();
  private final List<Integer> members;

  public ChannelRing(Collection<Integer> nodeIds, int virtualNodes) {
    this.members = List.copyOf(nodeIds);
    for (int id : nodeIds) {
      for (int v = 0; v < virtualNodes; v++) {
        ring.put(hash("node-" + id + "#" + v), id);
      }
    }
  }

  public List<Integer> members() {
    return members;
  }

  public boolean isEmpty() {
    return ring.isEmpty();
  }

  /** The node that owns the key; throws {@link IllegalStateException} when no member is ready. */
  public int ownerOf(String routingKey) {
    if (ring.isEmpty()) {
      throw new IllegalStateException("no ready cluster member");
    }
    Map.Entry<Long, Integer> e = ring.ceilingEntry(hash(routingKey));
    return (e != null ? e : ring.firstEntry()).getValue();
  }

  /** The shard of a key inside its owner node, stable for a given shard count. */
  public static int shardOf(String routingKey, int shards) {
    return (int) Long.remainderUnsigned(hash("shard:" + routingKey), shards);
  }

  /** FNV-1a 64 with a murmur3 finaliser: stable across JVMs and well spread. */
  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
