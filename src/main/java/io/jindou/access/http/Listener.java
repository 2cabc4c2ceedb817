package io.jindou.access.http;

import io.vertx.core.net.KeyCertOptions;

/**
 * One HTTP listener of the node: its name for log lines ("HTTP API", "admin API"), where it binds, whether it
 * serves the admin endpoints ({@code admin}: every endpoint; otherwise only the client endpoints, see
 * {@link HttpApiVerticle}), and its TLS key and certificate (null = plain HTTP). Which host is safe to bind is
 * decided by the composition root; this is only the answer.
 */
public record Listener(String name, String host, int port, boolean admin, KeyCertOptions tls) {
}
