package io.jindou.store.rocksdb;

import io.jindou.model.DeviceToken;
import io.jindou.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * RocksDB implementation of {@link UserStore}: a key per (uid, device flag) holding the level byte and
 * the token, and a key per dynamic system uid. It never checks tokens; that is the user domain's job.
 */
final class RocksDbUserStore implements UserStore {
  private final RocksDB db;
  private final Vertx vertx;
  private final GroupCommitWriter writer;

  RocksDbUserStore(RocksDB db, Vertx vertx, GroupCommitWriter writer) {
    this.db = db;
    this.vertx = vertx;
    this.writer = writer;
  }

  @Override
  public Future<Void> putToken(String uid, int deviceFlag, String token, int deviceLevel) {
    byte[] t = token.getBytes(StandardCharsets.UTF_8);
    byte[] v = new byte[t.length + 1];
    v[0] = (byte) deviceLevel;
    System.arraycopy(t, 0, v, 1, t.length);
    return writer.submit((batch, state) -> {
      batch.put(Keys.token(uid, deviceFlag), v);
      return null;
    });
  }

  @Override
  public Future<DeviceToken> getToken(String uid, int deviceFlag) {
    return vertx.executeBlocking(() -> {
      byte[] v = db.get(Keys.token(uid, deviceFlag));
      return v == null ? null : new DeviceToken(new String(v, 1, v.length - 1, StandardCharsets.UTF_8), v[0]);
    }, false);
  }

  @Override
  public Future<Void> removeToken(String uid, int deviceFlag) {
    return writer.submit((batch, state) -> {
      batch.delete(Keys.token(uid, deviceFlag));
      return null;
    });
  }

  @Override
  public Future<Set<String>> systemUids() {
    return vertx.executeBlocking(() -> {
      byte[] prefix = {Keys.SYSTEM_UID};
      Set<String> out = new LinkedHashSet<>();
      try (Slice ub = new Slice(Keys.prefixEnd(prefix)); ReadOptions ro = new ReadOptions().setIterateUpperBound(ub);
          RocksIterator it = db.newIterator(ro)) {
        for (it.seek(prefix); it.isValid(); it.next()) {
          out.add(new String(it.key(), 1, it.key().length - 1, StandardCharsets.UTF_8));
        }
        it.status();
      }
      return out;
    }, false);
  }

  @Override
  public Future<Void> addSystemUids(Collection<String> uids) {
    return writer.submit((batch, state) -> {
      for (String uid : uids) {
        batch.put(Keys.systemUid(uid), new byte[0]);
      }
      return null;
    });
  }

  @Override
  public Future<Void> removeSystemUids(Collection<String> uids) {
    return writer.submit((batch, state) -> {
      for (String uid : uids) {
        batch.delete(Keys.systemUid(uid));
      }
      return null;
    });
  }
}
