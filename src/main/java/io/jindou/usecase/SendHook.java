package io.jindou.usecase;

import io.jindou.model.Message;
import io.vertx.core.Future;

/**
 * Port to a business server's before-send hook ({@code webhook_before_send_url}): asked with a checked draft
 * before it goes to its channel's owner, it answers allow, reject (with a reason the sender sees) or replace (a new
 * payload). A hook that cannot answer fails the future; what then happens is {@link SendMessages}' policy
 * ({@code webhook_before_send_on_error}), never the adapter's.
 */
public interface SendHook {

  /** What the hook decided. */
  enum Action { ALLOW, REJECT, REPLACE }

  /** The decision: {@code reason} for a REJECT, {@code payload} for a REPLACE (else null). */
  record Verdict(Action action, String reason, byte[] payload) {
    public static final Verdict ALLOW = new Verdict(Action.ALLOW, null, null);
  }

  /** How a send goes when the hook is down: allowed or refused; {@code system}: also ask for system senders. */
  record Policy(boolean allowOnError, boolean system) {
  }

  Future<Verdict> check(Message draft);
}
