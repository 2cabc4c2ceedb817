package io.jindou.user;

import io.jindou.model.JindouException;
import io.jindou.store.UserStore;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users as the server sees them: device tokens (one per uid and device flag, with a device level) and
 * system uids (the built-in {@code ____system} plus a stored list, cached in memory for the send path).
 * It never decides channel policy; it answers "is this a system uid" and "is this token right".
 */
public final class UserService {
  public static final String SYSTEM_UID = "____system";
  public static final String SYSTEM_DEVICE_ID = "____device";

  private final UserStore store;
  private final io.vertx.core.Vertx vertx;
  private final Set<String> systemUids = ConcurrentHashMap.newKeySet();

  /** Published (no body) after the stored system uids change, so every node reloads its cache. */
  public static final String SYSTEM_UIDS_CHANGED = "jindou.systemuids.changed";

  public UserService(UserStore store, io.vertx.core.Vertx vertx) {
    this.store = store;
    this.vertx = vertx;
    vertx.eventBus().consumer(SYSTEM_UIDS_CHANGED, m -> store.systemUids().onSuccess(uids -> {
      systemUids.retainAll(uids);
      systemUids.addAll(uids);
    }));
  }

  /** Loads the stored system uids into the cache; call once before serving. */
  public Future<Void> load() {
    return store.systemUids().onSuccess(systemUids::addAll).mapEmpty();
  }

  public boolean isSystemUid(String uid) {
    return SYSTEM_UID.equals(uid) || systemUids.contains(uid);
  }

  public Set<String> storedSystemUids() {
    return Set.copyOf(systemUids);
  }

  public Future<Void> updateToken(String uid, int deviceFlag, String token, int deviceLevel) {
    if (SYSTEM_UID.equals(uid)) {
      return Future.failedFuture(JindouException.invalid("the system account " + SYSTEM_UID + " has no token"));
    }
    return store.putToken(uid, deviceFlag, token, deviceLevel);
  }

  /** The stored credential, or null. */
  public Future<UserStore.DeviceToken> token(String uid, int deviceFlag) {
    return store.getToken(uid, deviceFlag);
  }

  public Future<Void> removeToken(String uid, int deviceFlag) {
    return store.removeToken(uid, deviceFlag);
  }

  public Future<Void> addSystemUids(Collection<String> uids) {
    return store.addSystemUids(uids).onSuccess(v -> {
      systemUids.addAll(uids);
      vertx.eventBus().publish(SYSTEM_UIDS_CHANGED, null);
    });
  }

  public Future<Void> removeSystemUids(Collection<String> uids) {
    return store.removeSystemUids(uids).onSuccess(v -> {
      systemUids.removeAll(uids);
      vertx.eventBus().publish(SYSTEM_UIDS_CHANGED, null);
    });
  }
}
