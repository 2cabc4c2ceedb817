package io.jindou.model;

import java.util.List;

/**
 * Event-bus body of a send, from an access verticle to the channel's owner: the validated message draft
 * (no id, no sequence yet), whether the caller is the trusted system device, and the request-scoped
 * recipient list (empty for ordinary channels). Built only by validated access code; never trusted for the
 * sender's identity beyond what the access layer authenticated.
 */
public record SendCommand(Message draft, boolean trustedDevice, List<String> subscribers) {
}
