package io.jindou.usecase;

import io.jindou.model.Message;

/**
 * The arithmetic of {@code response_max_bytes}: how much of the store one read answer may load, and about how many
 * bytes an answer takes, so that a read that would answer more stops early instead (messagesync says
 * {@code more: 1}, a conversation sync ends its list early) and no request holds more than about the budget in
 * memory. The estimates are upper bounds of the JSON the edges write: a message costs its payload in Base64 plus
 * its strings plus {@value #MESSAGE_BYTES} bytes of fields and names; a conversation {@value #ITEM_BYTES} bytes
 * plus its recent messages. Pure arithmetic; it never reads anything.
 */
public final class AnswerBudget {
  /** Field names, numbers and punctuation of one message in an answer, beyond its payload and strings. */
  static final int MESSAGE_BYTES = 400;
  /** One conversation of {@code /conversation/sync} without its recent messages. */
  static final int ITEM_BYTES = 400;

  private AnswerBudget() {
  }

  /** The most messages an answer can hold whatever their size: half the budget spent on their fields. */
  static int messagesFitting(int responseMaxBytes) {
    return Math.max(1, responseMaxBytes / (2 * MESSAGE_BYTES));
  }

  /**
   * The stored bytes ({@code MessageBinary} sizes, about the payload plus the strings) a read of up to
   * {@code count} messages may load so that its answer stays within {@code responseMaxBytes}: what is left after
   * the messages' fields, times 3/4 for Base64.
   */
  static long storeBytes(int responseMaxBytes, int count) {
    long left = (long) responseMaxBytes - (long) count * MESSAGE_BYTES;
    return Math.max(1, left * 3 / 4);
  }

  /** About how many bytes {@code m} takes in an answer (an upper bound for ids without escapes). */
  static long answerBytes(Message m) {
    return MESSAGE_BYTES + (m.payload().length + 2L) / 3 * 4 + 2L * (length(m.fromUid()) + length(m.channelId()))
        + length(m.clientMsgNo()) + length(m.streamNo()) + length(m.topic());
  }

  private static int length(String s) {
    return s == null ? 0 : 3 * s.length(); // UTF-8 takes at most 3 bytes per UTF-16 unit
  }
}
