package io.jindou.store.redis;

import io.jindou.support.RedisServer;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;

/**
 * The same suite against a one-node Redis Cluster that owns every slot, through the client's cluster
 * connection: Redis rejects any script or command whose keys span hash slots (CROSSSLOT), so passing here
 * shows the key layout and every script are valid on Redis Cluster.
 */
class RedisClusterStoreTest extends RedisStoreTest {

  @Override
  protected RedisServer startServer() throws Exception {
    return RedisServer.startCluster();
  }

  /** A SCAN reaches one node of a cluster: the store does not enumerate channels there. */
  @Override
  protected boolean enumeratesChannels() {
    return false;
  }

  @Override
  protected RedisOptions options() {
    return new RedisOptions().setType(RedisClientType.CLUSTER).setConnectionString(server.url());
  }
}
