package io.jindou.access.webhook;

import io.jindou.access.json.MessageJson;
import io.jindou.model.Message;
import io.jindou.usecase.Webhooks;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
  private final int compressThreshold;
  private final int sourceId;

  public WebhookBodies(int compressThreshold, int sourceId) {
    this.compressThreshold = compressThreshold;
    this.sourceId = sourceId;
  }

  @Override
  public byte[] notify(List<Message> messages) {
    return MessageJson.list(messages, null).toBuffer().getBytes();
  }

  @Override
  public byte[] offline(Message m, List<String> toUids) {
    JsonObject o = MessageJson.of(m, m.fromUid());
    o.put("from_uid", m.fromUid());
    JsonArray to = new JsonArray(List.copyOf(toUids));
    if (compressThreshold > 0 && toUids.size() > compressThreshold) {
      o.putNull("to_uids").put("compress", "gzip").put("compress_to_uids", gzipBase64(to.encode()));
    } else {
      o.put("to_uids", to);
    }
    o.put("source_id", sourceId);
    return o.toBuffer().getBytes();
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
