package io.jindou.model;

import java.util.List;

/**
 * Event-bus body of a send, from an access verticle to the channel's owner: the validated message draft
 * (no id, no sequence yet), whether the caller is the trusted system device, the request-scoped recipient
 * list (empty for ordinary channels), and the connection it came from (node and connection id, 0 for HTTP)
 * so that fan-out skips the sending connection. Built only by validated access code; never trusted for the
 * sender's identity beyond what the access layer authenticated.
 */
public record SendCommand(Message draft, boolean trustedDevice, List<String> subscribers, int originNode,
    long originConnId) {

  /** A send that did not come from a client connection (HTTP, event bus). */
  public SendCommand(Message draft, boolean trustedDevice, List<String> subscribers) {
    this(draft, trustedDevice, subscribers, -1, 0);
  }
}
