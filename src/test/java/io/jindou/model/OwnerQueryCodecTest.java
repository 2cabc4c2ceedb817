package io.jindou.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The owner questions added for tags and the datasource cross the cluster as JSON (RecordCodec's wire form) and
 * come back equal: recipients of a channel, the forget order, and a shard's cached channels.
 */
class OwnerQueryCodecTest {
  static <T> T roundTrip(Class<T> type, T value) {
    RecordCodec<T> codec = new RecordCodec<>(type);
    Buffer b = Buffer.buffer("xyz");
    codec.encodeToWire(b, value);
    return codec.decodeFromWire(3, b);
  }

  @Test
  void ownerQuestionsAndAnswersSurviveTheWire() {
    ChannelKey g = new ChannelKey("g1", ChannelType.GROUP);
    ChannelMembers m = new ChannelMembers(g, true, List.of("u1", "u2"));
    assertEquals(new ChannelMembersQuery(g), roundTrip(ChannelMembersQuery.class, new ChannelMembersQuery(g)));
    assertEquals(m, roundTrip(ChannelMembers.class, m));
    assertEquals(new ChannelReload(g), roundTrip(ChannelReload.class, new ChannelReload(g)));
    assertEquals(new CachedChannelsQuery(7), roundTrip(CachedChannelsQuery.class, new CachedChannelsQuery(7)));
    CachedChannels cached = new CachedChannels(List.of(m, new ChannelMembers(new ChannelKey("a@b", 1), false,
        List.of("a", "b"))));
    assertEquals(cached, roundTrip(CachedChannels.class, cached));
  }
}
