/**
 * Connection-level guards that every listener shares before any protocol is spoken: which client a remote
 * address stands for ({@link io.jindou.access.net.ClientAddress}) and how many connections one client may hold at
 * once ({@link io.jindou.access.net.PerIpLimit}). Used by the HTTP API and the client gateway at accept.
 *
 * <p>Does not own: request parsing, authentication or any per-request limit (each edge's), and it never closes a
 * connection itself — the listener does, when a guard says no.
 */
package io.jindou.access.net;
