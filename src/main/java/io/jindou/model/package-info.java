/**
 * Records shared by every layer (messages, channel keys, the event-bus bodies between access, owners and nodes —
 * sends, channel commands, delivery batches, node RPC calls and their replies), the reason codes, the one domain
 * exception and {@link io.jindou.model.Failures}, which carries it across the event bus. Depends on nothing else in
 * Jindou; holds no behaviour beyond small derivations, and knows no HTTP status or client protocol.
 */
package io.jindou.model;
