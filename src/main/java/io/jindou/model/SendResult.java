package io.jindou.model;

/**
 * The owner's answer to a send: the message identity (original identity when the send was an idempotent
 * retry), the client number echoed, and whether it was such a retry. Sequence 0 means not persisted.
 */
public record SendResult(long messageId, long messageSeq, String clientMsgNo, boolean duplicate) {
}
