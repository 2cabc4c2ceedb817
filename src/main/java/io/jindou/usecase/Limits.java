package io.jindou.usecase;

/**
 * The request limits every edge shares (README: {@code id_max_length}, {@code payload_max_bytes}): the longest
 * uid, channel id, client_msg_no, topic and stream_no in characters, and the largest decoded payload in bytes.
 * A person or agent channel id may be two ids joined by {@code @}, so it may be twice as long plus one.
 */
public record Limits(int idMaxLength, int payloadMaxBytes) {

  public Limits {
    if (idMaxLength < 1 || payloadMaxBytes < 1) {
      throw new IllegalArgumentException("limits must be positive: id_max_length=" + idMaxLength
          + ", payload_max_bytes=" + payloadMaxBytes);
    }
  }

  /** The longest channel id: {@code uid@uid} for person and agent channels. */
  public int channelIdMaxLength() {
    return idMaxLength * 2 + 1;
  }
}
