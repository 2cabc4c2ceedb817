package io.jindou.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jindou.model.StreamEvent;
import io.jindou.model.StreamSummary;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The stored bytes of stream events and summaries, the same for every adapter: compact JSON of the model records
 * (unknown fields ignored, so a later version may add some). Pure functions; never touches a backend.
 */
public final class StreamBinary {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private StreamBinary() {
  }

  public static byte[] encode(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static StreamEvent event(byte[] bytes) {
    return decode(bytes, StreamEvent.class);
  }

  public static StreamSummary summary(byte[] bytes) {
    return decode(bytes, StreamSummary.class);
  }

  private static <T> T decode(byte[] bytes, Class<T> type) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable stored " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
