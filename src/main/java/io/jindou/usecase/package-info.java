/**
 * The operations of the server, one entry per operation, shared by every edge (HTTP, the event-bus API, the
 * WKProto/JSON-RPC gateway): typed requests and results, the checks and limits that are not about a wire format
 * ({@code id_max_length}, {@code payload_max_bytes}, {@code response_max_bytes}, the sendbatch and per-request uid
 * limits, id rules, channel types, person-channel ids), and the call into the domain. A use case raises
 * {@link io.jindou.model.JindouException}s with the WuKongIM reason a client protocol needs; it never knows HTTP
 * statuses, JSON or packets, and holds no state of its own beyond limits.
 */
package io.jindou.usecase;
