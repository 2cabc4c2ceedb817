package io.jindou.access.json;

import io.vertx.core.buffer.Buffer;

/**
 * An encoded JSON answer whose shape has no place for "there is more" (the {@code /conversation/sync} array):
 * {@code more} travels beside it, and the HTTP edge sends it as the response header {@value #HEADER}{@code : 1}.
 * A value only; it never encodes anything.
 */
public record MoreAnswer(Buffer body, boolean more) {
  /** The response header that says an answer was cut at {@code response_max_bytes}. */
  public static final String HEADER = "Jindou-More";
}
