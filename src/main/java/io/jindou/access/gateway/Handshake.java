package io.jindou.access.gateway;

import io.jindou.cluster.Addresses;
import io.jindou.model.JindouException;
import io.jindou.model.Reason;
import io.jindou.proto.ConnectPacket;
import io.jindou.proto.ProtocolException;
import io.jindou.proto.ProtocolVersion;
import java.util.logging.Logger;

/**
 * One connection's way from its first byte to CONNACK: the deadline for a CONNECT, the delay for an address that
 * failed too often ({@link AuthFailures}), the token check, the login (device rules, level), the key exchange and the
 * CONNACK, or a refusal with its reason code. It lives only while the {@link Session} is not yet open (the session
 * drops it at CONNACK or close, so an open connection holds none of it), runs on the session's event loop, and never
 * opens a session whose credentials did not check out.
 */
final class Handshake {
  private static final Logger LOG = Logger.getLogger(Handshake.class.getName());

  private final Session s;
  private final long timer;

  /** Starts the CONNECT deadline of {@code s}. */
  Handshake(Session s) {
    this.s = s;
    long timeout = s.gw.config().authTimeoutMs();
    this.timer = s.context.owner().setTimer(timeout, t -> {
      if (s.state == Session.State.AWAIT_CONNECT || s.state == Session.State.AUTHENTICATING) {
        s.close("no CONNECT within " + timeout + " ms");
      }
    });
  }

  /** The session closed or opened: the deadline no longer applies. */
  void end() {
    s.context.owner().cancelTimer(timer);
  }

  /**
   * Checks a CONNECT, after the delay {@link AuthFailures} sets for an address that has failed too often (the
   * session stays AUTHENTICATING meanwhile; the deadline still runs).
   */
  void authenticate(ConnectPacket c, Object requestId) {
    long delay = s.gw.authFailures().delayMs(s.clientAddress(), System.currentTimeMillis());
    if (delay <= 0) {
      verify(c, requestId);
      return;
    }
    LOG.fine(() -> "session " + s.id + ": CONNECT from " + s.clientAddress() + " delayed " + delay
        + " ms after failures");
    s.context.owner().setTimer(delay, t -> {
      if (s.state == Session.State.AUTHENTICATING) {
        verify(c, requestId);
      }
    });
  }

  private void verify(ConnectPacket c, Object requestId) {
    try {
      s.gw.login().checkCredentials(c.uid(), c.deviceId(), c.token());
    } catch (JindouException e) {
      authFailed();
      refuse(ClientReasons.connack(e), e.getMessage(), requestId);
      return;
    }
    if (c.version() < ProtocolVersion.MIN || c.version() > 255) {
      s.close("unsupported protocol version " + c.version());
      return;
    }
    s.uid = c.uid();
    s.deviceFlag = c.deviceFlag();
    s.deviceId = c.deviceId();
    s.version = ProtocolVersion.negotiate(c.version());
    s.gw.login().login(s.uid, s.deviceFlag, s.deviceId, c.token()).onComplete(ar -> {
      if (s.state != Session.State.AUTHENTICATING) {
        return; // closed meanwhile
      }
      if (ar.failed()) {
        int reason = ClientReasons.connack(ar.cause());
        if (reason == Reason.AUTH_FAIL) {
          authFailed();
        }
        refuse(reason, ar.cause().getMessage(), requestId);
        return;
      }
      s.deviceLevel = ar.result();
      try {
        s.codec().open(c, s.version);
      } catch (ProtocolException e) {
        refuse(Reason.CLIENT_KEY_IS_EMPTY, e.getMessage(), requestId);
        return;
      }
      s.opened();
      s.transport.authenticated();
      s.gw.registry().enforceDeviceRules(s, s.gw.config().kickCloseDelayMs());
      s.gw.registry().register(s);
      s.presenceEvent(Addresses.EVENT_USER_ONLINE);
      s.write(s.codec().connack(c, System.currentTimeMillis() - c.clientTimestamp(), requestId));
      LOG.fine(() -> "session " + s.id + " open: uid=" + s.uid + " flag=" + s.deviceFlag + " v" + s.version);
    });
  }

  private void authFailed() {
    s.gw.authFailures().failed(s.clientAddress(), System.currentTimeMillis());
  }

  /** Refuses the CONNECT with a reason code, then closes. */
  private void refuse(int reason, String why, Object requestId) {
    LOG.fine(() -> "session " + s.id + " refused (reason " + reason + "): " + why);
    s.write(s.codec().connackFailure(reason, why, requestId));
    s.closeAfter(200, "connect refused: " + why);
  }
}
