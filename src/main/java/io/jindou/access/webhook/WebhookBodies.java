package io.jindou.access.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.jindou.access.json.MessageJson;
import io.jindou.model.Message;
import io.jindou.model.StreamEvent;
import io.jindou.model.StreamPost;
import io.jindou.usecase.Webhooks;
import io.vertx.core.json.JsonArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The JSON bodies of the message webhooks (spec http-api §1.10 and Appendix A): {@code msg.notify} is an array of
 * MessageResp objects ({@link MessageJson}, person channels relative to the sender, {@code from_uid} "" for the
 * system account); {@code msg.offline} is one MessageResp whose {@code channel_id} is as sent (for a person
 * channel the recipient) and whose {@code from_uid} is raw, plus {@code to_uids} — or, above
 * {@code compressThreshold} recipients (0 = never), {@code "compress":"gzip"} and {@code compress_to_uids} (Base64
 * of the gzip of the JSON array) with {@code to_uids} null — and {@code source_id}, this node. Presentation only.
 */
public final class WebhookBodies implements Webhooks.Bodies {
  private static final JsonFactory FACTORY = new JsonFactory();
  private final int compressThreshold;
  private final int sourceId;

  public WebhookBodies(int compressThreshold, int sourceId) {
    this.compressThreshold = compressThreshold;
    this.sourceId = sourceId;
  }

  @Override
  public byte[] notify(List<Message> messages) {
    int hint = 2;
    for (Message m : messages) {
      hint += MessageJson.sizeHint(m) + 1;
    }
    return encode(hint, g -> MessageJson.writeList(g, messages, null));
  }

  @Override
  public byte[] offline(Message m, List<String> toUids) {
    int hint = MessageJson.sizeHint(m) + 64;
    for (String uid : toUids) {
      hint += uid.length() + 3;
    }
    boolean compress = compressThreshold > 0 && toUids.size() > compressThreshold;
    return encode(hint, g -> {
      g.writeStartObject();
      MessageJson.writeFields(g, m, m.fromUid(), true);
      if (compress) {
        g.writeNullField("to_uids");
        g.writeStringField("compress", "gzip");
        g.writeStringField("compress_to_uids", gzipBase64(new JsonArray(List.copyOf(toUids)).encode()));
      } else {
        g.writeArrayFieldStart("to_uids");
        for (String uid : toUids) {
          g.writeString(uid);
        }
        g.writeEndArray();
      }
      g.writeNumberField("source_id", sourceId);
      g.writeEndObject();
    });
  }

  /**
   * {@code msg.stream}: an array of stream events, each with its anchor ({@code channel_id}, {@code channel_type},
   * {@code client_msg_no}; {@code message_id}, {@code message_seq} and {@code from_uid} when the anchor message is
   * stored) and the fields {@code /message/eventsync} gives an event, {@code payload} as JSON.
   */
  @Override
  public byte[] stream(List<StreamPost> posts) {
    int hint = 2;
    for (StreamPost p : posts) {
      hint += 256 + p.event().payload().length();
    }
    return encode(hint, g -> {
      g.writeStartArray();
      for (StreamPost p : posts) {
        StreamEvent e = p.event();
        g.writeStartObject();
        g.writeStringField("channel_id", p.channel().id());
        g.writeNumberField("channel_type", p.channel().type());
        g.writeStringField("client_msg_no", p.clientMsgNo());
        if (p.anchor() != null) {
          g.writeNumberField("message_id", p.anchor().messageId());
          g.writeStringField("message_idstr", Long.toString(p.anchor().messageId()));
          g.writeNumberField("message_seq", p.anchor().messageSeq());
          g.writeStringField("from_uid", p.anchor().fromUid() == null ? "" : p.anchor().fromUid());
        }
        g.writeNumberField("msg_event_seq", e.msgEventSeq());
        g.writeStringField("event_id", e.eventId());
        g.writeStringField("event_type", e.eventType());
        g.writeStringField("event_key", e.eventKey());
        g.writeStringField("visibility", e.visibility());
        g.writeNumberField("occurred_at", e.occurredAt());
        g.writeFieldName("payload");
        g.writeRawValue(e.payload());
        g.writeEndObject();
      }
      g.writeEndArray();
    });
  }

  /**
   * {@code msg.extra}: an array of MessageResp objects as {@code /message/extra/sync} lists them to the sender (read
   * counts of receipt-enabled messages included).
   */
  @Override
  public byte[] extra(List<Message> messages) {
    int hint = 2;
    for (Message m : messages) {
      hint += MessageJson.sizeHint(m) + 1;
    }
    return encode(hint, g -> MessageJson.writeServerList(g, messages));
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /** The JSON {@code body} writes, as UTF-8 bytes, written once into a buffer of about {@code hint} bytes. */
  private static byte[] encode(int hint, Body body) {
    ByteArrayBuilder out = new ByteArrayBuilder(Math.max(256, hint));
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: never
    }
    return out.toByteArray();
  }

  static String gzipBase64(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: never
    }
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }
}
