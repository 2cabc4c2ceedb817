package io.jindou.access.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.jindou.channel.PersonChannels;
import io.jindou.conversation.ConversationService;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.Message;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.List;

/**
 * The {@code /conversation/sync} answer shape (spec http-api §3.1): one ConversationResp per item, person
 * channels shown as the peer relative to the viewer, the recent messages as MessageResp objects (the shape
 * {@link MessageJson} owns). Written straight to bytes with the streaming generator, because this answer can
 * hold thousands of messages. Presentation only: it never decides which conversations or messages appear.
 */
public final class ConversationJson {
  private static final SerializedString CHANNEL_ID = new SerializedString("channel_id");
  private static final SerializedString CHANNEL_TYPE = new SerializedString("channel_type");
  private static final SerializedString UNREAD = new SerializedString("unread");
  private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
  private static final SerializedString LAST_MSG_SEQ = new SerializedString("last_msg_seq");
  private static final SerializedString LAST_CLIENT_MSG_NO = new SerializedString("last_client_msg_no");
  private static final SerializedString OFFSET_MSG_SEQ = new SerializedString("offset_msg_seq");
  private static final SerializedString READED_TO_MSG_SEQ = new SerializedString("readed_to_msg_seq");
  private static final SerializedString VERSION = new SerializedString("version");
  private static final SerializedString RECENTS = new SerializedString("recents");
  /** About the encoded size of one item without its recents, only to size the buffer once. */
  private static final int ITEM_BYTES = 300;

  private ConversationJson() {
  }

  /** The JSON array of {@code items} as seen by {@code viewer}. */
  public static Buffer encode(List<ConversationService.Item> items, String viewer) {
    long bytes = 2 + items.size() * (long) ITEM_BYTES;
    for (ConversationService.Item it : items) {
      for (Message m : it.recents()) {
        bytes += MessageJson.sizeHint(m);
      }
    }
    int hint = (int) Math.min(1 << 24, bytes);
    return StreamedJson.encode(hint, g -> {
      g.writeStartArray();
      for (ConversationService.Item it : items) {
        write(g, it, viewer);
      }
      g.writeEndArray();
    });
  }

  private static void write(JsonGenerator g, ConversationService.Item it, String viewer) throws IOException {
    ChannelKey ch = it.row().channel();
    String shown = ch.type() == ChannelType.PERSON ? PersonChannels.peerOf(ch.id(), viewer) : ch.id();
    Message last = it.last();
    long ts = last == null ? 0 : last.timestamp();
    g.writeStartObject();
    g.writeFieldName(CHANNEL_ID);
    g.writeString(shown);
    g.writeFieldName(CHANNEL_TYPE);
    g.writeNumber(ch.type());
    g.writeFieldName(UNREAD);
    g.writeNumber(it.unread());
    g.writeFieldName(TIMESTAMP);
    g.writeNumber(ts);
    g.writeFieldName(LAST_MSG_SEQ);
    g.writeNumber(it.head());
    g.writeFieldName(LAST_CLIENT_MSG_NO);
    g.writeString(last == null ? "" : last.clientMsgNo());
    g.writeFieldName(OFFSET_MSG_SEQ);
    g.writeNumber(0);
    g.writeFieldName(READED_TO_MSG_SEQ);
    g.writeNumber(it.head() - it.unread());
    g.writeFieldName(VERSION);
    g.writeNumber(ts * 1_000_000_000L + it.head() % 1_000_000_000L);
    g.writeFieldName(RECENTS);
    MessageJson.writeList(g, it.recents(), viewer);
    g.writeEndObject();
  }
}
