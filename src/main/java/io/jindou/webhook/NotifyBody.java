package io.jindou.webhook;

import io.jindou.model.Message;
import io.jindou.store.MessageBinary;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stored form of a {@code msg.notify} body: its messages in their stored binary form ({@link MessageBinary}),
 * not the JSON that is posted. The JSON is about twice the bytes (field names, Base64 payloads), and every byte of
 * the event log goes through the WAL, its sync, the memtable and a flush; the JSON is written again from these
 * messages when an event is read back from the log (a restart, a backlog, a page of the log API), with the same
 * writer, so it is the same JSON. A packed body starts with a zero byte, which no JSON body does, so the JSON bodies
 * of older logs and of other events are told apart and used as they are:
 *
 * <pre>
 *   [0][count:4] count x ([message_seq:8][len:4][MessageBinary])
 * </pre>
 * It only converts; it never reads or writes the store.
 */
final class NotifyBody {
  private NotifyBody() {
  }

  /** {@code stored}: messages' stored bytes where they are at hand (by identity); the others are encoded here. */
  static byte[] pack(List<Message> messages, Map<Message, byte[]> stored) {
    List<byte[]> each = new ArrayList<>(messages.size());
    int size = 1 + 4;
    for (Message m : messages) {
      byte[] b = stored.get(m);
      b = b != null ? b : MessageBinary.encode(m);
      each.add(b);
      size += 8 + 4 + b.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size).put((byte) 0).putInt(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      byte[] b = each.get(i);
      out.putLong(messages.get(i).messageSeq()).putInt(b.length).put(b);
    }
    return out.array();
  }

  /** Whether {@code body} is a packed {@code msg.notify} body (else it is JSON, posted as it is). */
  static boolean packed(byte[] body) {
    return body.length > 0 && body[0] == 0;
  }

  /** The body as it is posted: a packed one as the JSON of its messages, any other as it is. */
  static byte[] json(byte[] body, WebhookOutbox.Bodies bodies) {
    return packed(body) ? bodies.notify(unpack(body)) : body;
  }

  /** The messages of a packed body; throws on a corrupt one. */
  static List<Message> unpack(byte[] body) {
    ByteBuffer b = ByteBuffer.wrap(body, 1, body.length - 1);
    int count = b.getInt();
    if (count < 0 || count > b.remaining() / 12) {
      throw new IllegalStateException("packed msg.notify body with " + count + " messages in " + body.length
          + " bytes");
    }
    List<Message> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long seq = b.getLong();
      int len = b.getInt();
      if (len < 0 || len > b.remaining()) {
        throw new IllegalStateException("packed msg.notify body: message " + i + " of length " + len + ", "
            + b.remaining() + " bytes left");
      }
      byte[] m = new byte[len];
      b.get(m);
      out.add(MessageBinary.decode(m, seq));
    }
    return out;
  }
}
