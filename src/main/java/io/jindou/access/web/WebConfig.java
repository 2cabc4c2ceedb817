package io.jindou.access.web;

/**
 * What the browser edge needs from the node's configuration, resolved once at startup by the composition root.
 * A plain value: the browser edge never reads configuration keys itself (whether the demo is on is
 * {@link io.jindou.usecase.DemoAccess}'s).
 *
 * @param wsPort the WebSocket port the demo page connects to (allowed by its Content-Security-Policy)
 * @param advertiseHost the host {@code /route} announces ("" = the host the browser used)
 */
public record WebConfig(int wsPort, String advertiseHost) {
}
