package io.jindou.usecase;

import java.util.List;

/**
 * One {@code /conversation/sync} answer: the conversations, newest first, and {@code more} when the answer was cut
 * at {@code response_max_bytes} (the conversations after the last one were left out, and the last one may carry
 * fewer recent messages than asked: the newest). A client continues by listing the conversations it got in
 * {@code last_msg_seqs}, which leaves them out of the next answer.
 */
public record ConversationPage(List<ConversationView> items, boolean more) {
}
