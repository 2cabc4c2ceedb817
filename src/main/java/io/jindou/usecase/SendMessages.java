package io.jindou.usecase;

import io.jindou.channel.ChannelService;
import io.jindou.model.JindouException;
import io.jindou.model.Reason;
import io.jindou.model.SendCommand;
import io.jindou.model.SendResult;
import io.jindou.user.RateLimiter;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Sending messages, for every edge: {@code /message/send} and the event-bus API, a client's SEND over WKProto or
 * JSON-RPC, and {@code /message/sendbatch}. A request is checked and normalised ({@link SendRules}, the same
 * limits for all), held to the sender's per-uid rate (system uids and the system device are exempt; over it →
 * RATE_LIMITED, reason 22), then routed to the channel's owner, which decides permissions, sequences and
 * stores. The hot path: one call, no extra futures. It never looks at a wire format.
 */
public final class SendMessages {
  private final ChannelService channels;
  private final RateLimiter sendRate;
  private final Predicate<String> isSystemUid;
  private final SendRules rules;
  private final Limits limits;

  public SendMessages(ChannelService channels, RateLimiter sendRate, Predicate<String> isSystemUid, Limits limits) {
    this.channels = channels;
    this.sendRate = sendRate;
    this.isSystemUid = isSystemUid;
    this.rules = new SendRules(limits);
    this.limits = limits;
  }

  public Limits limits() {
    return limits;
  }

  /**
   * The command {@code request} would send to the owner, after every check and normalisation ({@link SendRules});
   * nothing is sent and no rate is spent. A refusal is thrown (INVALID, with the reason a SENDACK reports).
   */
  public SendCommand check(SendRequest request) {
    return rules.command(request);
  }

  /** Sends one message; a refused request fails the future (INVALID with the SENDACK reason, or the owner's). */
  public Future<SendResult> send(SendRequest request) {
    SendCommand cmd;
    try {
      cmd = rules.command(request);
    } catch (JindouException e) {
      return Future.failedFuture(e);
    }
    return route(cmd);
  }

  /**
   * The message to each subscriber's person channel. A bad message or sender refuses the whole request, as
   * {@code /message/send} would; what fails for one recipient (its channel id, policy, the owner) is listed
   * with its reason and does not stop the others.
   */
  public Future<SendBatchResult> sendBatch(SendBatchRequest request) {
    List<String> uids;
    try {
      Ids.required("from_uid", request.message().fromUid(), limits.idMaxLength(), true, Reason.AUTH_FAIL);
      uids = Ids.list("subscribers", request.subscribers(), limits.idMaxLength());
      if (uids.isEmpty()) {
        throw JindouException.invalid("subscribers must name at least one uid");
      }
      rules.shared(request.message());
    } catch (JindouException e) {
      return Future.failedFuture(e);
    }
    List<Future<SendResult>> all = new ArrayList<>(uids.size());
    for (String uid : uids) {
      all.add(send(request.message().toPerson(uid)));
    }
    return Future.join(all).transform(ignored -> {
      List<String> failUids = new ArrayList<>();
      List<String> reasons = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).failed()) {
          failUids.add(uids.get(i));
          reasons.add(all.get(i).cause().getMessage());
        }
      }
      return Future.succeededFuture(new SendBatchResult(failUids, reasons));
    });
  }

  private Future<SendResult> route(SendCommand cmd) {
    String from = cmd.draft().fromUid();
    if (!cmd.trustedDevice() && !isSystemUid.test(from) && !sendRate.tryAcquire(from)) {
      return Future.failedFuture(new JindouException(JindouException.Kind.RATE_LIMITED, Reason.RATE_LIMIT,
          "uid " + from + " is sending faster than its limit; slow down and retry"));
    }
    return channels.send(cmd);
  }
}
