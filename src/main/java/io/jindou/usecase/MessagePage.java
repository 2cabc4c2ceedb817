package io.jindou.usecase;

import io.jindou.model.Message;
import java.util.List;

/** One answer of a message sync: the bounds asked for, whether more exist, the messages ascending. */
public record MessagePage(long start, long end, boolean more, List<Message> messages) {
}
