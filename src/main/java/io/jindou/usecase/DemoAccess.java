package io.jindou.usecase;

import io.jindou.channel.ChannelService;
import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.model.Reason;
import io.jindou.user.UserService;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The chat demo's rules (README "In the browser"): who gets a demo token, whose calls a demo token authorises, and
 * which groups the demo may open. A demo token is a web-device token (flag 1, slave level) that the demo issued
 * itself, recognisable by its {@code demo.} prefix: it is issued for an ordinary uid (1-32 of
 * {@code [A-Za-z0-9_.-]}, not a system uid) on first use and handed out again to a second tab, and it never
 * replaces a web token the demo did not issue (409). A call it authorises acts as its uid only; which operations
 * a demo call may run, and with which bounds, is the browser edge's. The demo opens only groups named
 * {@code demo-…}: the first join creates one, a later join adds the uid and leaves the group's flags alone. With
 * the demo off ({@code demo_enabled}) every entry is refused (403). It holds nothing but that switch: tokens are
 * stored by {@link UserService}, groups change through {@link ManageChannels}.
 */
public final class DemoAccess {
  /** A uid's demo token, as the token endpoint hands it out. */
  public record Issued(String uid, String token, int deviceFlag) {
  }

  public static final String TOKEN_PREFIX = "demo.";
  public static final String GROUP_PREFIX = "demo-";
  /** The device flag of a demo session: web. */
  public static final int WEB = 1;
  private static final Pattern UID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
  private static final Pattern GROUP = Pattern.compile("demo-[A-Za-z0-9_.-]{1,40}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final boolean enabled;
  private final UserService users;
  private final ChannelService channels;
  private final ManageChannels manage;

  /** {@code enabled}: {@code demo_enabled} as the configuration resolved it. */
  public DemoAccess(boolean enabled, UserService users, ChannelService channels, ManageChannels manage) {
    this.enabled = enabled;
    this.users = users;
    this.channels = channels;
    this.manage = manage;
  }

  public boolean enabled() {
    return enabled;
  }

  /** Throws the 403 every demo call gets while the demo is off. */
  public void checkEnabled() {
    if (!enabled) {
      throw JindouException.denied(Reason.UNKNOWN, "the chat demo is off on this server (demo_enabled)");
    }
  }

  /** The uid's demo token, created and stored on first use. */
  public Future<Issued> issueToken(String uid) {
    checkEnabled();
    if (uid == null || !UID.matcher(uid).matches() || uid.startsWith("____") || users.isSystemUid(uid)) {
      throw JindouException.invalid("a demo uid is 1-32 letters, digits, '.', '_' or '-' and not a system uid, got \""
          + uid + "\"");
    }
    return users.token(uid, WEB).compose(stored -> {
      if (stored != null) {
        if (stored.token().startsWith(TOKEN_PREFIX)) {
          return Future.succeededFuture(new Issued(uid, stored.token(), WEB));
        }
        return Future.failedFuture(new JindouException(JindouException.Kind.CONFLICT, Reason.UNKNOWN, "uid " + uid
            + " already has a web token that the demo did not issue; pick another uid"));
      }
      byte[] secret = new byte[16];
      RANDOM.nextBytes(secret);
      String token = TOKEN_PREFIX + HexFormat.of().formatHex(secret);
      return users.updateToken(uid, WEB, token, 0).map(v -> new Issued(uid, token, WEB));
    });
  }

  /** {@code uid}, once {@code token} is its stored demo token (compared in constant time); 401 otherwise. */
  public Future<String> authenticate(String uid, String token) {
    checkEnabled();
    if (uid == null || !UID.matcher(uid).matches() || token == null || !token.startsWith(TOKEN_PREFIX)) {
      return Future.failedFuture(unauthorized("a demo call needs a demo uid and its demo token"));
    }
    return users.token(uid, WEB).compose(stored -> stored != null && MessageDigest.isEqual(
        stored.token().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))
        ? Future.succeededFuture(uid) : Future.failedFuture(unauthorized("the demo token is not " + uid + "'s")));
  }

  /**
   * Makes {@code uid} (already authenticated) a subscriber of the demo group {@code group}, creating the group
   * when it does not exist yet; an existing group's flags are left alone.
   */
  public Future<ChannelKey> joinGroup(String uid, String group) {
    checkEnabled();
    if (group == null || !GROUP.matcher(group).matches()) {
      throw JindouException.invalid("the demo only opens groups named " + GROUP_PREFIX
          + "… (letters, digits, '.', '_', '-'; up to 45 characters), got \"" + group + "\"");
    }
    ChannelKey key = new ChannelKey(group, ChannelType.GROUP);
    return channels.facts(key).compose(f -> f.exists()
        ? manage.addSubscribers(new ChannelRequest(group, ChannelType.GROUP, null, List.of(uid), false, false))
        : manage.create(new ChannelRequest(group, ChannelType.GROUP, ChannelInfo.DEFAULT, List.of(uid), false,
            false)))
        .map(v -> key);
  }

  private static JindouException unauthorized(String why) {
    return new JindouException(JindouException.Kind.UNAUTHORIZED, Reason.AUTH_FAIL, why);
  }
}
