package io.jindou.model;

/**
 * Event-bus body telling a channel's owner to forget what it holds of the channel (flags, subscribers, lists
 * and the datasource's answers), so the next use loads it again from storage and the datasource. Nothing
 * durable changes; the reply is {@code "ok"}.
 */
public record ChannelReload(ChannelKey channel) {
}
