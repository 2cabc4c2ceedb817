package io.jindou.webhook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.access.webhook.WebhookBodies;
import io.jindou.model.ChannelType;
import io.jindou.model.Message;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A packed {@code msg.notify} body gives back its messages, so the JSON written from them is byte for byte the JSON
 * of the messages as formed; JSON bodies are never taken for packed ones, and a corrupt packed body is refused
 * without allocating what its header claims.
 */
class NotifyBodyTest {
  private static List<Message> messages() {
    List<Message> ms = new ArrayList<>();
    ms.add(new Message(101, 1, "c1", "", "alice", "alice@bob", ChannelType.PERSON, 1_700_000_001L, 0, false, true,
        false, 0, "", "", "hello".getBytes(StandardCharsets.UTF_8)));
    ms.add(new Message(102, 7, "quote\" \u00e9\u4e2d\ud83d\ude00", "s-9", "d\u00e9", "grp\"x", ChannelType.GROUP,
        1_700_000_002L, 60, true, false, true, 3, "t\u00f6pic", null, new byte[0]));
    ms.add(new Message(Long.MAX_VALUE, 4_000_000_000L, null, null, "____system", "g1", ChannelType.GROUP,
        1_700_000_003L, 0, false, true, false, 0x80, null, null, new byte[] {0, -1, 2, 3}));
    byte[] big = new byte[5000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 7);
    }
    ms.add(new Message(104, 9, "c4", "", "bob", "g1", ChannelType.GROUP, 1_700_000_004L, 0, false, true, false, 0,
        "", "", big));
    return ms;
  }

  @Test
  void packedMessagesWriteTheSameJson() {
    WebhookBodies bodies = new WebhookBodies(0, 1);
    List<Message> ms = messages();
    byte[] packed = NotifyBody.pack(ms, Map.of());
    assertTrue(NotifyBody.packed(packed));
    Map<Message, byte[]> stored = new java.util.IdentityHashMap<>();
    stored.put(ms.get(1), io.jindou.store.MessageBinary.encode(ms.get(1)));
    assertArrayEquals(packed, NotifyBody.pack(ms, stored), "stored bytes at hand are packed as they are");
    List<Message> back = NotifyBody.unpack(packed);
    assertEquals(ms.size(), back.size());
    for (int i = 0; i < ms.size(); i++) {
      assertEquals(ms.get(i).messageSeq(), back.get(i).messageSeq());
      assertArrayEquals(ms.get(i).payload(), back.get(i).payload());
    }
    byte[] json = bodies.notify(ms);
    assertArrayEquals(json, bodies.notify(back));
    assertTrue(packed.length < json.length, packed.length + " packed bytes against " + json.length + " of JSON");
    assertFalse(NotifyBody.packed(json), "a JSON body is used as it is");
    assertFalse(NotifyBody.packed(new byte[0]));
    assertEquals(List.of(), NotifyBody.unpack(NotifyBody.pack(List.of(), Map.of())));
  }

  @Test
  void aCorruptPackedBodyIsRefused() {
    byte[] claimsMillions = ByteBuffer.allocate(5).put((byte) 0).putInt(50_000_000).array();
    assertThrows(IllegalStateException.class, () -> NotifyBody.unpack(claimsMillions));
    byte[] packed = NotifyBody.pack(messages(), Map.of());
    byte[] cut = java.util.Arrays.copyOf(packed, packed.length - 10);
    assertThrows(RuntimeException.class, () -> NotifyBody.unpack(cut));
  }
}
