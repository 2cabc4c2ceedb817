package io.jindou.usecase;

import io.jindou.channel.ChannelService;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.model.Reason;
import io.jindou.model.SystemIds;
import io.jindou.model.Text;
import io.jindou.user.UserService;
import io.vertx.core.Future;

/**
 * The login of a client connection (WKProto CONNECT, JSON-RPC {@code connect}), whatever its dialect: the uid,
 * device id and token are checked against the same limits as every other edge, the token against the one
 * stored by {@code /user/token} for (uid, device flag) when token authentication is on, and the uid against a
 * ban on its person channel. It answers the device level ({@code 0} slave, {@code 1} master) or fails with reason
 * 2 (authentication) or 19 (banned). It never opens a session or touches a socket: that is the gateway's.
 */
public final class ClientLogin {
  /** The longest device id and token a CONNECT may carry. */
  public static final int DEVICE_ID_MAX = 128;
  public static final int TOKEN_MAX = 1024;

  private final UserService users;
  private final ChannelService channels;
  private final Limits limits;
  private final boolean tokenAuth;

  public ClientLogin(UserService users, ChannelService channels, Limits limits, boolean tokenAuth) {
    this.users = users;
    this.channels = channels;
    this.limits = limits;
    this.tokenAuth = tokenAuth;
  }

  /**
   * The checks that need no lookup, for an edge that must refuse a malformed login before anything else; throws
   * the refusal (reason 2).
   */
  public void checkCredentials(String uid, String deviceId, String token) {
    if (uid.isEmpty() || uid.length() > limits.idMaxLength() || !Text.wellFormed(uid)
        || deviceId.length() > DEVICE_ID_MAX || !Text.wellFormed(deviceId) || token.length() > TOKEN_MAX) {
      throw new JindouException(JindouException.Kind.UNAUTHORIZED, Reason.AUTH_FAIL,
          "uid, device id or token is empty, too long or not valid Unicode");
    }
  }

  /** The device level of a successful login. */
  public Future<Integer> login(String uid, int deviceFlag, String deviceId, String token) {
    try {
      checkCredentials(uid, deviceId, token);
    } catch (JindouException e) {
      return Future.failedFuture(e);
    }
    if (SystemIds.SYSTEM_UID.equals(uid)) {
      return refused("the system account cannot connect");
    }
    Future<Integer> level = tokenAuth
        ? users.deviceLevel(uid, deviceFlag, token).compose(l -> l >= 0 ? Future.succeededFuture(l)
            : refused("token mismatch"))
        : Future.succeededFuture(0);
    return level.compose(l -> channels.facts(new ChannelKey(uid, ChannelType.PERSON)).compose(facts ->
        facts.exists() && facts.info().ban() ? Future.failedFuture(JindouException.denied(Reason.BAN, "uid is banned"))
            : Future.succeededFuture(l)));
  }

  private static <T> Future<T> refused(String why) {
    return Future.failedFuture(new JindouException(JindouException.Kind.UNAUTHORIZED, Reason.AUTH_FAIL, why));
  }
}
