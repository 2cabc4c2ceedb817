package io.jindou.access.json;

import io.jindou.model.NodeCall;
import io.jindou.model.JindouException;
import io.jindou.usecase.TokenRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The JSON of the user and connection endpoints (spec http-api §1.3, §1.4): {@code /user/token},
 * {@code /user/systemuids*}, {@code /user/device_quit}, {@code /user/onlinestatus} (a raw array of uids),
 * {@code /conn/kick|remove}, read into typed values, and their answers. Field types only.
 */
public final class UserJson {
  private UserJson() {
  }

  public static TokenRequest token(Body b) {
    String uid = b.str("uid", false);
    String token = b.str("token", false);
    int flag = (int) b.integer("device_flag", 0, 0, 255);
    int level = (int) b.integer("device_level", 0, 0, 1);
    return new TokenRequest(uid, token, flag, level);
  }

  /** The {@code uids} of the system-uid endpoints. */
  public static List<String> uids(Body b) {
    return b.strings("uids");
  }

  /** The {@code device_flag} of {@code /user/device_quit}: -1 = every flag, absent = 0. */
  public static int quitFlag(Body b) {
    return (int) b.integer("device_flag", 0, -1, 255);
  }

  /** A raw JSON array of uid strings ({@code /user/onlinestatus}, {@code /route/batch}). */
  public static List<String> uidArray(JsonArray a) {
    List<String> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      if (!(a.getValue(i) instanceof String s)) {
        throw JindouException.invalid("body must be an array of uid strings; element " + i + " is not a string");
      }
      out.add(s);
    }
    return out;
  }

  /** {@code [{"uid","device_flag","online":1},…]}, one per open connection. */
  public static JsonArray online(List<NodeCall.Device> devices) {
    JsonArray out = new JsonArray();
    devices.forEach(d -> out.add(new JsonObject().put("uid", d.uid()).put("device_flag", d.deviceFlag())
        .put("online", 1)));
    return out;
  }

  /** The stored system uids as a JSON array. */
  public static JsonArray systemUids(Collection<String> uids) {
    return new JsonArray(new ArrayList<>(uids));
  }
}
