package io.jindou.store.redis;

import io.jindou.support.RedisServer;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;

/**
 * The same suite against a one-node Redis Cluster that owns every slot, through the client's cluster
 * connection: Redis rejects any script or command whose keys span hash slots (CROSSSLOT), so passing here
 * shows the key layout and every script are valid on Redis Cluster; the pass over the stored channels goes
 * through the cluster's masters ({@link RedisMultiMasterTest} spreads channels over three).
 */
class RedisClusterStoreTest extends RedisStoreTest {

  @Override
  protected RedisServer startServer() throws Exception {
    return RedisServer.startCluster();
  }

  @Override
  protected RedisOptions options() {
    return new RedisOptions().setType(RedisClientType.CLUSTER).setConnectionString(server.url());
  }
}
