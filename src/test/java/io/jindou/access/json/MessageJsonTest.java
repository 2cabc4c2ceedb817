package io.jindou.access.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.usecase.ConversationView;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.Message;
import io.jindou.user.UserService;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The streamed MessageResp and ConversationResp are byte-for-byte what the HTTP edge sends for the JsonObject
 * forms (Json.encodeToBuffer), and the event-bus form of the conversation answer is the same JSON: same fields,
 * values and order, for person, group and command channels, the system sender, optional fields and awkward
 * strings.
 */
class MessageJsonTest {
  private static Message msg(long id, long seq, String clientMsgNo, String streamNo, String from, String channel,
      int type, boolean flags, String topic, byte[] payload) {
    return new Message(id, seq, clientMsgNo, streamNo, from, channel, type, 1_700_000_000L + seq, flags ? 60 : 0,
        flags, !flags, flags, flags ? 3 : 0, topic, "", payload);
  }

  static List<Message> variety() {
    List<Message> ms = new ArrayList<>();
    byte[] hello = "hello world".getBytes(StandardCharsets.UTF_8);
    ms.add(msg(1, 1, "c1", "", "alice", "alice@bob", ChannelType.PERSON, false, "", hello));
    ms.add(msg(2, 2, "c2", "s-9", "bob", "alice@bob", ChannelType.PERSON, true, "news", new byte[0]));
    ms.add(msg(3, 3, "", null, UserService.SYSTEM_UID, "g1", ChannelType.GROUP, false, null, new byte[] {0, -1, 2}));
    ms.add(msg(Long.MAX_VALUE, 4, null, "", "carol", "alice@bob" + ChannelKey.CMD_SUFFIX, ChannelType.PERSON, true, "",
        new byte[] {1}));
    ms.add(msg(-5, 5, "quote\" back\\slash \u00e9\u4e2d\ud83d\ude00 \n\t\u0001", "", "d\u00e9", "grp\"x",
        ChannelType.GROUP, false, "t\u00f6pic", new byte[] {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, 65}));
    ms.add(msg(6, 6, "c6", "", "alice", "alice", ChannelType.PERSON, false, "", hello));
    return ms;
  }

  /** What the HTTP edge sends for a JsonObject or JsonArray answer ({@code Api}: Json.encodeToBuffer). */
  private static String wire(Object json) {
    return Json.encodeToBuffer(json).toString(StandardCharsets.UTF_8);
  }

  @Test
  void streamedMessageIsExactlyTheJsonObject() {
    for (String viewer : new String[] {"alice", "bob", "", null}) {
      for (Message m : variety()) {
        Buffer streamed = StreamedJson.encode(16, g -> MessageJson.write(g, m, viewer));
        assertEquals(wire(MessageJson.of(m, viewer)), streamed.toString(StandardCharsets.UTF_8),
            m + " seen by " + viewer);
        if (m.clientMsgNo() == null || m.clientMsgNo().chars().allMatch(c -> c < 0x80)) {
          assertTrue(MessageJson.sizeHint(m) >= streamed.length(), "the size hint covers an ASCII message");
        }
      }
      Buffer list = StreamedJson.encode(16, g -> MessageJson.writeList(g, variety(), viewer));
      assertEquals(wire(MessageJson.list(variety(), viewer)), list.toString(StandardCharsets.UTF_8));
    }
  }

  /** Payloads of every length mod 3, longer and shorter than the one before, in one streamed list. */
  @Test
  void payloadsOfAnyLengthStreamAsTheirBase64() {
    List<Message> ms = new ArrayList<>();
    int[] lengths = {1000, 0, 1, 2, 3, 700, 5, 4097, 64};
    for (int i = 0; i < lengths.length; i++) {
      byte[] p = new byte[lengths[i]];
      for (int j = 0; j < p.length; j++) {
        p[j] = (byte) (j * 31 + i);
      }
      ms.add(msg(i + 1, i + 1, "c" + i, "", "alice", "g1", ChannelType.GROUP, false, "", p));
    }
    Buffer list = StreamedJson.encode(16, g -> MessageJson.writeList(g, ms, null));
    assertEquals(wire(MessageJson.list(ms, null)), list.toString(StandardCharsets.UTF_8));
    JsonArray back = new JsonArray(list);
    for (int i = 0; i < ms.size(); i++) {
      assertEquals(java.util.Base64.getEncoder().encodeToString(ms.get(i).payload()),
          back.getJsonObject(i).getString("payload"));
    }
  }

  @Test
  void conversationAnswerHasTheSpecShape() {
    List<Message> ms = variety();
    List<ConversationView> items = List.of(
        new ConversationView(new ChannelKey("alice@bob", ChannelType.PERSON),
            2, 1, ms.get(1), ms.subList(0, 2)),
        new ConversationView(new ChannelKey("g1", ChannelType.GROUP),
            3_000_000_007L, 3, ms.get(2), List.of()),
        new ConversationView(new ChannelKey("grp\"x", ChannelType.GROUP),
            5, 0, null, List.of(ms.get(4))));
    JsonArray expected = new JsonArray();
    for (ConversationView it : items) {
      ChannelKey ch = it.channel();
      long ts = it.last() == null ? 0 : it.last().timestamp();
      expected.add(new JsonObject().put("channel_id", ch.type() == ChannelType.PERSON ? "bob" : ch.id())
          .put("channel_type", ch.type()).put("unread", it.unread()).put("timestamp", ts)
          .put("last_msg_seq", it.head()).put("last_client_msg_no", it.last() == null ? "" : it.last().clientMsgNo())
          .put("offset_msg_seq", 0).put("readed_to_msg_seq", it.head() - it.unread())
          .put("version", ts * 1_000_000_000L + it.head() % 1_000_000_000L)
          .put("recents", MessageJson.list(it.recents(), "alice")));
    }
    assertEquals(wire(expected), ConversationJson.encode(items, "alice").toString(StandardCharsets.UTF_8));
    assertEquals(wire(expected), wire(ConversationJson.array(items, "alice")), "the event-bus form is the same JSON");
    assertEquals("[]", ConversationJson.encode(List.of(), "alice").toString(StandardCharsets.UTF_8));
  }
}
