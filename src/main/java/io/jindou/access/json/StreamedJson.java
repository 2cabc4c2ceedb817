package io.jindou.access.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.EncodeException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a large JSON answer straight into a Vert.x {@link Buffer} with Jackson's streaming generator, for
 * the hot read endpoints whose answers would otherwise be built as thousands of JsonObjects and then encoded.
 * It owns only the generator and the byte sink; the shapes belong to their writers ({@link MessageJson},
 * {@link ConversationJson}). It must never hand out a half-written buffer: a failing writer becomes an
 * {@link EncodeException}.
 */
final class StreamedJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  /** What writes one JSON value to the generator. */
  @FunctionalInterface
  interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private StreamedJson() {
  }

  /** The JSON value {@code body} writes, as UTF-8 bytes; {@code sizeHint} is the expected length. */
  static Buffer encode(int sizeHint, Writer body) {
    Buffer out = Buffer.buffer(Math.max(64, sizeHint));
    try (JsonGenerator g = FACTORY.createGenerator(new BufferSink(out))) {
      body.write(g);
    } catch (IOException e) {
      throw new EncodeException("failed to encode as JSON: " + e.getMessage(), e);
    }
    return out;
  }

  /** Appends to the buffer; nothing to flush or close. */
  private static final class BufferSink extends OutputStream {
    private final Buffer buffer;

    BufferSink(Buffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public void write(int b) {
      buffer.appendByte((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      buffer.appendBytes(b, off, len);
    }
  }
}
