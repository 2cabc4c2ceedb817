package io.jindou.access.gateway;

import io.jindou.model.JindouException;
import io.jindou.model.Reason;

/**
 * The one mapping from a failure to the reason byte a client sees, for SENDACK and CONNACK (WKProto) and for the
 * {@code reasonCode}/error code of JSON-RPC, which reports the same numbers. A domain or use-case failure keeps
 * its WuKongIM reason; the rest follows the rules below. It never decides whether something fails.
 */
final class ClientReasons {
  private ClientReasons() {
  }

  /**
   * The SENDACK reason for a refused SEND: the failure's own reason; a malformed SEND without one is a bad
   * channel id (16); anything else (an owner or node that failed, a bug) is a system error (15).
   */
  static int sendack(Throwable t) {
    if (t instanceof JindouException e) {
      if (e.reason() != Reason.UNKNOWN) {
        return e.reason();
      }
      return e.kind() == JindouException.Kind.INVALID ? Reason.CHANNEL_ID_ERROR : Reason.SYSTEM_ERROR;
    }
    return Reason.SYSTEM_ERROR;
  }

  /** The CONNACK reason for a refused CONNECT: the failure's reason, authentication failure (2) without one. */
  static int connack(Throwable t) {
    int reason = t instanceof JindouException e ? e.reason() : Reason.SYSTEM_ERROR;
    return reason == Reason.UNKNOWN ? Reason.AUTH_FAIL : reason;
  }
}
