package io.jindou.proto;

/**
 * The peer sent bytes that are not valid WKProto: a frame over the size limit, a malformed remaining length, an
 * unknown packet type, a field running past the end of its frame, invalid UTF-8, or a payload/key that fails the
 * session crypto. Checked on purpose, so that every caller on the connection's edge decides how to close.
 *
 * <p>It never signals a programming error on our side (those are {@link IllegalArgumentException}s from the
 * encoder and the packet constructors) and it never carries a reason code: mapping to CONNACK/SENDACK/DISCONNECT
 * codes is the gateway's job. Messages name the offending values so a log line is enough to reproduce the frame.
 */
public final class ProtocolException extends Exception {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
