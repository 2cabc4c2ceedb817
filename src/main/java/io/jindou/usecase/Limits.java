package io.jindou.usecase;

/**
 * The request limits every edge shares (README: {@code id_max_length}, {@code payload_max_bytes},
 * {@code response_max_bytes}, {@code sendbatch_max_uids}, {@code sendbatch_inflight_max}, {@code request_uids_max}):
 * the longest uid, channel id, client_msg_no, topic and stream_no in characters, the largest decoded payload in
 * bytes, about how many bytes one read answer may carry, the most recipients of one sendbatch and how many of its
 * sends may be in flight at once, and the most uids one subscriber, list or system-uid call may name. A person or
 * agent channel id may be two ids joined by {@code @}, so it may be twice as long plus one.
 */
public record Limits(int idMaxLength, int payloadMaxBytes, int responseMaxBytes, int sendbatchMaxUids,
    int sendbatchInflightMax, int requestUidsMax) {

  /** The defaults of {@code conf/jindou.json} for the limits not named. */
  public static final int RESPONSE_MAX_BYTES = 8 << 20;
  public static final int SENDBATCH_MAX_UIDS = 1000;
  public static final int SENDBATCH_INFLIGHT_MAX = 32;
  public static final int REQUEST_UIDS_MAX = 10_000;

  public Limits {
    if (idMaxLength < 1 || payloadMaxBytes < 1 || responseMaxBytes < 1 || sendbatchMaxUids < 1
        || sendbatchInflightMax < 1 || requestUidsMax < 1) {
      throw new IllegalArgumentException("limits must be positive: id_max_length=" + idMaxLength
          + ", payload_max_bytes=" + payloadMaxBytes + ", response_max_bytes=" + responseMaxBytes
          + ", sendbatch_max_uids=" + sendbatchMaxUids + ", sendbatch_inflight_max=" + sendbatchInflightMax
          + ", request_uids_max=" + requestUidsMax);
    }
  }

  /** The two id and payload limits, the others at their defaults. */
  public Limits(int idMaxLength, int payloadMaxBytes) {
    this(idMaxLength, payloadMaxBytes, RESPONSE_MAX_BYTES, SENDBATCH_MAX_UIDS, SENDBATCH_INFLIGHT_MAX,
        REQUEST_UIDS_MAX);
  }

  /** The longest channel id: {@code uid@uid} for person and agent channels. */
  public int channelIdMaxLength() {
    return idMaxLength * 2 + 1;
  }
}
