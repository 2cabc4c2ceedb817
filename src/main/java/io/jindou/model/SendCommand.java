package io.jindou.model;

import java.util.List;

/**
 * Event-bus body of a send, from an access verticle to the channel's owner: the validated message draft
 * (no id, no sequence yet), whether the caller is the trusted system device, the request-scoped recipient
 * list (empty for ordinary channels), the connection it came from (node and connection id, 0 for HTTP)
 * so that fan-out skips the sending connection, and whether the draft's client_msg_no was generated for
 * this very command and has not been sent before ({@code newClientMsgNo}: no stored message can carry it,
 * so the owner need not look it up). Built only by validated access code; never trusted for the sender's
 * identity beyond what the access layer authenticated. {@code acceptedAtMicros}: when the use case accepted the
 * request (epoch microseconds; 0 = not measured), for the latency metrics of the stages after it.
 */
public record SendCommand(Message draft, boolean trustedDevice, List<String> subscribers, int originNode,
    long originConnId, boolean newClientMsgNo, long acceptedAtMicros) {

  /** A send that did not come from a client connection (HTTP, event bus). */
  public SendCommand(Message draft, boolean trustedDevice, List<String> subscribers, boolean newClientMsgNo) {
    this(draft, trustedDevice, subscribers, -1, 0, newClientMsgNo, 0);
  }

  /** A command whose acceptance time is not measured. */
  public SendCommand(Message draft, boolean trustedDevice, List<String> subscribers, int originNode,
      long originConnId, boolean newClientMsgNo) {
    this(draft, trustedDevice, subscribers, originNode, originConnId, newClientMsgNo, 0);
  }

  /**
   * This command as sent again after an owner did not answer: the first attempt may have been stored, so its
   * client_msg_no is no longer new and the owner must de-duplicate against it.
   */
  public SendCommand resent() {
    return newClientMsgNo ? new SendCommand(draft, trustedDevice, subscribers, originNode, originConnId, false,
        acceptedAtMicros) : this;
  }
}
