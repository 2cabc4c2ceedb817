package io.jindou.usecase;

import io.jindou.model.MessageChange;

/**
 * One change of a stored message as an edge received it (spec: {@code /message/revoke}, {@code /message/edit},
 * {@code /message/delete}, {@code /message/reaction}): the channel (a person channel by the peer's uid relative to
 * {@code from_uid}, or its {@code a@b} id), the message by {@code message_id} (0 = absent) or {@code message_seq},
 * the acting uid ({@code from_uid}, null when absent) and whether the call carried the manager token, and the
 * argument of an edit (payload) or a reaction (emoji). Unchecked: {@link ChangeMessages} checks it.
 */
public record ChangeRequest(MessageChange.Op op, String channelId, int channelType, long messageId, long messageSeq,
    String fromUid, boolean manager, byte[] payload, String emoji) {
}
