package io.jindou.model;

import java.util.List;

/**
 * Event-bus body from a channel owner's fan-out to one node's gateway: one committed message and the uids
 * with sessions on that node. The sending connection ({@code originNode}, {@code originConnId}) is skipped.
 * One batch per node per message, never one event-bus message per recipient. {@code acceptedAtMicros}: when the
 * send was accepted (epoch microseconds, 0 = not measured), for the end-to-end latency metric.
 */
public record DeliveryBatch(Message message, List<String> uids, int originNode, long originConnId,
    long acceptedAtMicros) {

  /** A batch whose send's acceptance time is not measured. */
  public DeliveryBatch(Message message, List<String> uids, int originNode, long originConnId) {
    this(message, uids, originNode, originConnId, 0);
  }
}
