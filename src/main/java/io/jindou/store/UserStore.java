package io.jindou.store;

import io.jindou.model.DeviceToken;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.Set;

/**
 * Port for user credentials (one token and device level per uid and device flag) and the dynamic list of
 * system uids. Mutations are durable when the future completes; futures complete on the caller's context.
 */
public interface UserStore {

  Future<Void> putToken(String uid, int deviceFlag, String token, int deviceLevel);

  /** The credential, or null when none is stored. */
  Future<DeviceToken> getToken(String uid, int deviceFlag);

  Future<Void> removeToken(String uid, int deviceFlag);

  Future<Set<String>> systemUids();

  Future<Void> addSystemUids(Collection<String> uids);

  Future<Void> removeSystemUids(Collection<String> uids);
}
