package io.jindou.user;

import io.jindou.model.DeviceToken;
import io.jindou.model.JindouException;
import io.jindou.store.Datasource;
import io.jindou.store.UserStore;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users as the server sees them: device tokens (one per uid and device flag, with a device level) and
 * system uids (the built-in {@code ____system}, a stored list and, with a datasource, the business server's list,
 * all cached in memory for the send path).
 * It never decides channel policy; it answers "is this a system uid" and "is this token right".
 */
public final class UserService {
  public static final String SYSTEM_UID = io.jindou.model.SystemIds.SYSTEM_UID;
  public static final String SYSTEM_DEVICE_ID = io.jindou.model.SystemIds.SYSTEM_DEVICE_ID;

  private final UserStore store;
  private final Runnable systemUidsChanged;
  private final Set<String> systemUids = ConcurrentHashMap.newKeySet();
  /** The business server's system uids (its datasource's last answer); replaced as a whole. */
  private volatile Set<String> datasourceSystemUids = Set.of();
  private final Datasource datasource;

  /**
   * @param systemUidsChanged run after this node changed the stored system uids, so that every node (this one
   *     included) calls {@link #reloadSystemUids}; the composition root wires it to the cluster
   */
  public UserService(UserStore store, Runnable systemUidsChanged) {
    this(store, systemUidsChanged, Datasource.NONE);
  }

  /** {@code datasource}: a business server that names more system uids ({@link #refreshDatasourceSystemUids}). */
  public UserService(UserStore store, Runnable systemUidsChanged, Datasource datasource) {
    this.store = store;
    this.systemUidsChanged = systemUidsChanged;
    this.datasource = datasource;
  }

  /**
   * Asks the datasource for its system uids and uses its answer from now on (added to the stored ones); a failed
   * ask keeps the previous answer. Nothing to do without a datasource.
   */
  public Future<Void> refreshDatasourceSystemUids() {
    if (!datasource.enabled()) {
      return Future.succeededFuture();
    }
    return datasource.systemUids().onSuccess(uids -> datasourceSystemUids = Set.copyOf(uids)).mapEmpty();
  }

  /** Replaces the cached system uids by the stored ones (another node changed them). */
  public Future<Void> reloadSystemUids() {
    return store.systemUids().onSuccess(uids -> {
      systemUids.retainAll(uids);
      systemUids.addAll(uids);
    }).mapEmpty();
  }

  /** Loads the stored system uids into the cache; call once before serving. */
  public Future<Void> load() {
    return store.systemUids().onSuccess(systemUids::addAll).mapEmpty();
  }

  public boolean isSystemUid(String uid) {
    return SYSTEM_UID.equals(uid) || systemUids.contains(uid) || datasourceSystemUids.contains(uid);
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
  public Future<DeviceToken> token(String uid, int deviceFlag) {
    return store.getToken(uid, deviceFlag);
  }

  /**
   * The device level stored with {@code token} for (uid, device flag), or -1 when there is no token or it is
   * another one. Compared in time independent of where the tokens differ, so timing says nothing of the token.
   */
  public Future<Integer> deviceLevel(String uid, int deviceFlag, String token) {
    return store.getToken(uid, deviceFlag).map(t -> t != null && java.security.MessageDigest.isEqual(
        t.token().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        token.getBytes(java.nio.charset.StandardCharsets.UTF_8)) ? t.deviceLevel() : -1);
  }

  public Future<Void> removeToken(String uid, int deviceFlag) {
    return store.removeToken(uid, deviceFlag);
  }

  public Future<Void> addSystemUids(Collection<String> uids) {
    return store.addSystemUids(uids).onSuccess(v -> {
      systemUids.addAll(uids);
      systemUidsChanged.run();
    });
  }

  public Future<Void> removeSystemUids(Collection<String> uids) {
    return store.removeSystemUids(uids).onSuccess(v -> {
      systemUids.removeAll(uids);
      systemUidsChanged.run();
    });
  }
}
