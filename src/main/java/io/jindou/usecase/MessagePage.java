package io.jindou.usecase;

import io.jindou.model.Message;
import io.jindou.model.StreamSummary;
import java.util.List;
import java.util.Map;

/**
 * One answer of a message sync: the bounds asked for, whether more exist, the messages ascending, and the
 * summaries of the stream anchors among them by client_msg_no (empty when none).
 */
public record MessagePage(long start, long end, boolean more, List<Message> messages,
    Map<String, StreamSummary> streams) {

  public MessagePage(long start, long end, boolean more, List<Message> messages) {
    this(start, end, more, messages, Map.of());
  }

  /** This page with the summaries of its anchors. */
  public MessagePage with(Map<String, StreamSummary> summaries) {
    return new MessagePage(start, end, more, messages, summaries);
  }
}
