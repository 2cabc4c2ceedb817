package io.jindou.access.http;

import io.jindou.model.JindouException;
import io.jindou.user.UserService;
import io.vertx.ext.web.Router;

/**
 * User endpoints (spec http-api §1.3): tokens and system uids. Validates and hands over to
 * {@link UserService}; no business rules here.
 */
final class UserRoutes {
  private final UserService users;
  private final int idMax;

  UserRoutes(UserService users, int idMax) {
    this.users = users;
    this.idMax = idMax;
  }

  void register(Endpoints r) {
    r.post("/user/token", b -> {
      String uid = b.id("uid", idMax, true);
      String token = b.str("token", true);
      if (token.isBlank()) {
        throw JindouException.invalid("token must not be blank");
      }
      if (token.length() > 1024) {
        throw JindouException.invalid("token is " + token.length() + " characters long, over the limit of 1024");
      }
      int flag = (int) b.integer("device_flag", 0, 0, 255);
      int level = (int) b.integer("device_level", 0, 0, 1);
      return users.updateToken(uid, flag, token, level);
    });
    r.get("/user/systemuids", rc -> io.vertx.core.Future.succeededFuture(
        new io.vertx.core.json.JsonArray(new java.util.ArrayList<>(users.storedSystemUids()))));
    r.post("/user/systemuids_add", b -> users.addSystemUids(b.ids("uids", idMax)));
    r.post("/user/systemuids_remove", b -> users.removeSystemUids(b.ids("uids", idMax)));
  }
}
