package io.jindou.usecase;

import java.util.List;

/**
 * {@code POST /message/sendbatch}: one message (its channel fields unused) for the person channel of each of
 * {@code subscribers} (as given; blanks and duplicates are dropped).
 */
public record SendBatchRequest(SendRequest message, List<String> subscribers) {
}
