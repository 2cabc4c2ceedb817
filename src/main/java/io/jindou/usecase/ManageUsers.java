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
 * flag cleared, and those devices kicked on every node). Checks uids and tokens; storage and the system-uid cache
 * are {@link UserService}'s, the kicks {@link NodeRpc}'s.
 */
public final class ManageUsers {
  /** The longest token accepted, in characters. */
  static final int TOKEN_MAX_LENGTH = 1024;
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
    List<Integer> flags = deviceFlag < 0 ? List.of(0, 1, 2) : List.of(deviceFlag);
    List<Future<Void>> cleared = new ArrayList<>();
    flags.forEach(f -> cleared.add(users.removeToken(checked, f)));
    return Future.all(cleared).compose(v -> nodes.everywhere(new NodeCall.Quit(checked, deviceFlag))).mapEmpty();
  }
}
