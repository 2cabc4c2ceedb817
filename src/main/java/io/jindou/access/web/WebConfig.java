package io.jindou.access.web;

/**
 * What the browser edge needs from the node's configuration, resolved once at startup by the composition root.
 * A plain value: the browser edge never reads configuration keys itself.
 *
 * @param demoEnabled whether the demo's token endpoint and demo API answer ({@code demo_enabled}, resolved)
 * @param wsPort the WebSocket port the demo page connects to (allowed by its Content-Security-Policy)
 * @param advertiseHost the host {@code /route} announces ("" = the host the browser used)
 * @param idMaxLength the API's longest uid / channel id
 */
public record WebConfig(boolean demoEnabled, int wsPort, String advertiseHost, int idMaxLength) {
}
