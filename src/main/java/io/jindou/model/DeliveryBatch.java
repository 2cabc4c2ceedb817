package io.jindou.model;

import java.util.List;

/**
 * Event-bus body from a channel owner's fan-out to one node's gateway: one committed message and the uids
 * with sessions on that node. The sending connection ({@code originNode}, {@code originConnId}) is skipped.
 * One batch per node per message, never one event-bus message per recipient.
 */
public record DeliveryBatch(Message message, List<String> uids, int originNode, long originConnId) {
}
