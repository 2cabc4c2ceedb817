package io.jindou.usecase;

import io.jindou.model.StreamEvent;
import java.util.List;

/**
 * One answer of an event sync: the events after the cursor that passed the filters, the cursor to ask from next
 * (the last event looked at) and whether the log holds more after it.
 */
public record EventPage(String clientMsgNo, long fromSeq, long nextSeq, boolean more, List<StreamEvent> events,
    String eventKey) {
}
