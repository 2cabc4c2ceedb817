package io.jindou.usecase;

import io.jindou.model.NodeCall;
import io.jindou.cluster.NodeRpc;
import io.jindou.model.JindouException;
import io.jindou.model.Reason;
import io.jindou.user.UserService;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Users (spec http-api §1.3): device tokens, the stored system uids, and device quit (the token of a uid and device
 * flag cleared, and those devices kicked on every node), plus, for the manager console, which device credentials a
 * uid has (never the tokens themselves). Checks uids and tokens; storage and the system-uid cache
 * are {@link UserService}'s, the kicks {@link NodeRpc}'s.
 */
public final class ManageUsers {
  /**
   * A stored device credential as the console shows it: the token only as a hint (its first 4 characters and its
   * length, none when it is 8 or shorter), enough to tell two tokens apart and never enough to use one.
   */
  public record Device(int deviceFlag, int deviceLevel, String tokenHint) {
  }

  /** The longest token accepted, in characters. */
  static final int TOKEN_MAX_LENGTH = 1024;
  /** The device flags WuKongIM defines: app, web, desktop. */
  static final List<Integer> DEVICE_FLAGS = List.of(0, 1, 2);
  private final UserService users;
  private final NodeRpc nodes;
  private final Limits limits;

  public ManageUsers(UserService users, NodeRpc nodes, Limits limits) {
    this.users = users;
    this.nodes = nodes;
    this.limits = limits;
  }

  public Future<Void> updateToken(TokenRequest r) {
    String uid = Ids.required("uid", r.uid(), limits.idMaxLength(), true, Reason.UNKNOWN);
    String token = r.token();
    if (token == null) {
      throw JindouException.invalid("token is required");
    }
    if (token.isBlank()) {
      throw JindouException.invalid("token must not be blank");
    }
    if (token.length() > TOKEN_MAX_LENGTH) {
      throw JindouException.invalid("token is " + token.length() + " characters long, over the limit of "
          + TOKEN_MAX_LENGTH);
    }
    return users.updateToken(uid, r.deviceFlag(), token, r.deviceLevel());
  }

  /** The stored system uids (not the built-in one). */
  public Set<String> systemUids() {
    return users.storedSystemUids();
  }

  public Future<Void> addSystemUids(List<String> uids) {
    return users.addSystemUids(Ids.list("uids", uids, limits.idMaxLength(), limits.requestUidsMax()));
  }

  public Future<Void> removeSystemUids(List<String> uids) {
    return users.removeSystemUids(Ids.list("uids", uids, limits.idMaxLength(), limits.requestUidsMax()));
  }

  /**
   * Clears the token of {@code uid} for {@code deviceFlag} (-1 = every flag) and kicks those devices on every
   * node (DISCONNECT 12).
   */
  public Future<Void> deviceQuit(String uid, int deviceFlag) {
    String checked = Ids.required("uid", uid, limits.idMaxLength(), false, Reason.UNKNOWN);
    List<Integer> flags = deviceFlag < 0 ? DEVICE_FLAGS : List.of(deviceFlag);
    List<Future<Void>> cleared = new ArrayList<>();
    flags.forEach(f -> cleared.add(users.removeToken(checked, f)));
    return Future.all(cleared).compose(v -> nodes.everywhere(new NodeCall.Quit(checked, deviceFlag))).mapEmpty();
  }

  /** The credentials stored for {@code uid}, one per device flag (app, web, desktop) that has one, by flag. */
  public Future<List<Device>> devices(String uid) {
    String checked = Ids.required("uid", uid, limits.idMaxLength(), false, Reason.UNKNOWN);
    List<Future<Device>> found = new ArrayList<>();
    for (int flag : DEVICE_FLAGS) {
      found.add(users.token(checked, flag).map(t -> t == null ? null : new Device(flag, t.deviceLevel(),
          hint(t.token()))));
    }
    return Future.all(found).map(v -> found.stream().map(Future::result).filter(d -> d != null).toList());
  }

  /** Enough of a token to tell two apart, never enough to use it: its first 4 characters and its length. */
  static String hint(String token) {
    return token.length() <= 8 ? "… (" + token.length() + " chars)"
        : token.substring(0, 4) + "… (" + token.length() + " chars)";
  }
}
