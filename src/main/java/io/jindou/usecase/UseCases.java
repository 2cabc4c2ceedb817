package io.jindou.usecase;

/**
 * Every use case of a node, grouped for the edges: the HTTP API and the event-bus API take all of them, the
 * gateway takes {@link #sends}, and the browser edge also the chat demo's rules ({@link #demo}). Built once by
 * the composition root; immutable and thread-safe (each use case is stateless beyond its limits and the domain
 * services it calls).
 */
public record UseCases(SendMessages sends, ReadMessages reads, ManageChannels channels, Conversations conversations,
    ManageUsers users, NodeOps nodes, DemoAccess demo, Tags tags, ChangeMessages changes,
    EraseUser erase, StreamMessages streams, Webhooks webhooks) {

  /** The limits every use case checks against. */
  public Limits limits() {
    return sends.limits();
  }
}
