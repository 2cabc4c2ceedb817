package io.jindou.channel;

/**
 * Which node's webhook outbox each kind of stored fact of a channel writes its entry to, asked by the owner at every
 * write (the answer changes while the outbox is at its cap): stored messages, stream events, message changes. Each
 * answers {@link WritePlans#NO_OUTBOX} when that kind yields no webhook event (webhooks off, the event not enabled in
 * {@code webhook_events}, or the outbox full), so such a write carries no entry and pays nothing. It only answers; it
 * never writes anything and never decides what an event holds.
 */
public interface OutboxNodes {

  /** No outbox for anything: webhooks are off. */
  OutboxNodes NONE = new OutboxNodes() {
    @Override
    public int messages() {
      return WritePlans.NO_OUTBOX;
    }

    @Override
    public int streams() {
      return WritePlans.NO_OUTBOX;
    }

    @Override
    public int changes() {
      return WritePlans.NO_OUTBOX;
    }
  };

  int messages();

  int streams();

  int changes();
}
