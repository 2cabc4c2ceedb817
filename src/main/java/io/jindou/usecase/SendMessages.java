package io.jindou.usecase;

import io.jindou.channel.ChannelService;
import io.jindou.metrics.Metrics;
import io.jindou.model.JindouException;
import io.jindou.model.Message;
import io.jindou.model.Reason;
import io.jindou.model.SendCommand;
import io.jindou.model.SendResult;
import io.jindou.user.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Sending messages, for every edge: {@code /message/send} and the event-bus API, a client's SEND over WKProto or
 * JSON-RPC, and {@code /message/sendbatch}. A request is checked and normalised ({@link SendRules}, the same
 * limits for all), held to the sender's per-uid rate (system uids and the system device are exempt; over it →
 * RATE_LIMITED, reason 22), then routed to the channel's owner, which decides permissions, sequences and
 * stores. With a before-send {@link SendHook}, each send (system senders only when configured) is first asked:
 * a REJECT is DENIED reason 11 with the hook's reason, a REPLACE sends the hook's payload, a hook that cannot
 * answer allows or refuses (reason 11) as {@code webhook_before_send_on_error} says. The hot path without a hook:
 * one call, no extra futures. It never looks at a wire format.
 */
public final class SendMessages {
  private final ChannelService channels;
  private final RateLimiter sendRate;
  private final Predicate<String> isSystemUid;
  private final SendRules rules;
  private final Limits limits;
  private final SendHook hook;
  private final SendHook.Policy hookPolicy;

  private final Metrics metrics;
  private final io.vertx.core.Handler<io.vertx.core.AsyncResult<SendResult>> counter = this::count;

  public SendMessages(ChannelService channels, RateLimiter sendRate, Predicate<String> isSystemUid, Limits limits) {
    this(channels, sendRate, isSystemUid, limits, Metrics.OFF);
  }

  /** {@code metrics}: where sends are counted by result and reason. */
  public SendMessages(ChannelService channels, RateLimiter sendRate, Predicate<String> isSystemUid, Limits limits,
      Metrics metrics) {
    this(channels, sendRate, isSystemUid, limits, metrics, null, new SendHook.Policy(true, false));
  }

  /** With a before-send {@code hook} (null = none) and its policy. */
  public SendMessages(ChannelService channels, RateLimiter sendRate, Predicate<String> isSystemUid, Limits limits,
      Metrics metrics, SendHook hook, SendHook.Policy hookPolicy) {
    this.hook = hook;
    this.hookPolicy = hookPolicy;
    this.metrics = metrics;
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
    Future<SendResult> f;
    try {
      cmd = rules.command(request);
      f = route(cmd);
    } catch (JindouException e) {
      f = Future.failedFuture(e);
    }
    if (metrics.enabled()) {
      f.onComplete(counter);
    }
    return f;
  }

  /** Counts a finished send: stored or duplicate; refused (the caller's request or policy) or failed, by reason. */
  private void count(io.vertx.core.AsyncResult<SendResult> ar) {
    if (ar.succeeded()) {
      metrics.send(ar.result().duplicate() ? Metrics.SendResult.DUPLICATE : Metrics.SendResult.STORED, Reason.SUCCESS);
    } else if (ar.cause() instanceof JindouException e && e.kind() != JindouException.Kind.UNAVAILABLE
        && e.kind() != JindouException.Kind.INTERNAL) {
      metrics.send(Metrics.SendResult.REFUSED, e.reason());
    } else {
      metrics.send(Metrics.SendResult.FAILED, ar.cause() instanceof JindouException e ? e.reason()
          : Reason.SYSTEM_ERROR);
    }
  }

  /**
   * The message to each subscriber's person channel. A bad message or sender refuses the whole request, as
   * {@code /message/send} would, and so does a list over {@code sendbatch_max_uids}; what fails for one recipient
   * (its channel id, policy, the owner) is listed with its reason and does not stop the others. The payload was
   * decoded once and is shared by every recipient's command (never copied); at most {@code sendbatch_inflight_max}
   * of the sends are in flight at once, so one request cannot flood the owners and the store.
   */
  public Future<SendBatchResult> sendBatch(SendBatchRequest request) {
    List<String> uids;
    try {
      Ids.required("from_uid", request.message().fromUid(), limits.idMaxLength(), true, Reason.AUTH_FAIL);
      uids = Ids.list("subscribers", request.subscribers(), limits.idMaxLength(), limits.sendbatchMaxUids());
      if (uids.isEmpty()) {
        throw JindouException.invalid("subscribers must name at least one uid");
      }
      rules.shared(request.message());
    } catch (JindouException e) {
      return Future.failedFuture(e);
    }
    return new Window(request.message(), uids, limits.sendbatchInflightMax()).run();
  }

  /** The sends of one sendbatch, at most {@code width} in flight; results by recipient, in the order given. */
  private final class Window {
    private final SendRequest message;
    private final List<String> uids;
    private final int width;
    private final String[] reasons;
    private final Promise<SendBatchResult> done = Promise.promise();
    private int next;
    private int running;
    private int finished;
    private boolean pumping;

    Window(SendRequest message, List<String> uids, int width) {
      this.message = message;
      this.uids = uids;
      this.width = width;
      this.reasons = new String[uids.size()];
    }

    Future<SendBatchResult> run() {
      pump();
      return done.future();
    }

    /** Starts sends until {@code width} are in flight; a send that completes at once lets this loop go on. */
    private synchronized void pump() {
      if (pumping) {
        return;
      }
      pumping = true;
      try {
        while (running < width && next < uids.size()) {
          int i = next++;
          running++;
          Future<SendResult> f;
          try {
            f = send(message.toPerson(uids.get(i)));
          } catch (RuntimeException e) {
            f = Future.failedFuture(e);
          }
          f.onComplete(ar -> finished(i, ar.failed() ? ar.cause() : null));
        }
      } finally {
        pumping = false;
      }
    }

    private synchronized void finished(int i, Throwable failure) {
      running--;
      finished++;
      if (failure != null) {
        reasons[i] = String.valueOf(failure.getMessage());
      }
      if (finished == uids.size()) {
        List<String> failUids = new ArrayList<>();
        List<String> why = new ArrayList<>();
        for (int j = 0; j < reasons.length; j++) {
          if (reasons[j] != null) {
            failUids.add(uids.get(j));
            why.add(reasons[j]);
          }
        }
        done.complete(new SendBatchResult(failUids, why));
      } else {
        pump();
      }
    }
  }

  private Future<SendResult> route(SendCommand cmd) {
    String from = cmd.draft().fromUid();
    if (!cmd.trustedDevice() && !isSystemUid.test(from) && !sendRate.tryAcquire(from)) {
      metrics.rateLimited(true);
      return Future.failedFuture(new JindouException(JindouException.Kind.RATE_LIMITED, Reason.RATE_LIMIT,
          "uid " + from + " is sending faster than its limit; slow down and retry"));
    }
    if (hook == null || !hookPolicy.system() && isSystemUid.test(from)) {
      return channels.send(cmd);
    }
    return hook.check(cmd.draft()).transform(ar -> {
      if (ar.failed()) {
        return hookPolicy.allowOnError() ? channels.send(cmd) : Future.failedFuture(JindouException.denied(
            Reason.NOT_ALLOW_SEND, "the before-send hook did not answer (" + ar.cause().getMessage()
                + "); webhook_before_send_on_error is reject"));
      }
      SendHook.Verdict v = ar.result();
      return switch (v.action()) {
        case ALLOW -> channels.send(cmd);
        case REJECT -> Future.failedFuture(JindouException.denied(Reason.NOT_ALLOW_SEND,
            v.reason() == null || v.reason().isEmpty() ? "rejected by the before-send hook" : v.reason()));
        case REPLACE -> replaced(cmd, v.payload());
      };
    });
  }

  /** The command with the hook's payload, within {@code payload_max_bytes}. */
  private Future<SendResult> replaced(SendCommand cmd, byte[] payload) {
    if (payload == null || payload.length > limits.payloadMaxBytes()) {
      return Future.failedFuture(JindouException.denied(Reason.NOT_ALLOW_SEND,
          "the before-send hook's replacement payload is missing or over payload_max_bytes"));
    }
    Message d = cmd.draft();
    Message m = new Message(d.messageId(), d.messageSeq(), d.clientMsgNo(), d.streamNo(), d.fromUid(), d.channelId(),
        d.channelType(), d.timestamp(), d.expire(), d.noPersist(), d.redDot(), d.syncOnce(), d.setting(), d.topic(),
        d.tagKey(), payload);
    return channels.send(new SendCommand(m, cmd.trustedDevice(), cmd.subscribers(), cmd.originNode(),
        cmd.originConnId(), cmd.newClientMsgNo()));
  }
}
