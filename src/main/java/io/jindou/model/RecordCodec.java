package io.jindou.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Event-bus codec for one immutable record type: passed by reference inside a node (records are
 * immutable), JSON with a length prefix across nodes. It must never be used for mutable types, because
 * local delivery shares the instance.
 */
public final class RecordCodec<T> implements MessageCodec<T, T> {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final Class<T> type;

  public RecordCodec(Class<T> type) {
    this.type = type;
  }

  @Override
  public void encodeToWire(Buffer buffer, T value) {
    try {
      byte[] json = MAPPER.writeValueAsBytes(value);
      buffer.appendInt(json.length).appendBytes(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int len = buffer.getInt(pos);
    try {
      return MAPPER.readValue(buffer.getBytes(pos + 4, pos + 4 + len), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public T transform(T value) {
    return value;
  }

  @Override
  public String name() {
    return "jindou." + type.getSimpleName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
