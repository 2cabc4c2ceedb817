package io.jindou.store.redis;

import io.jindou.store.ChannelListStore;
import io.jindou.store.ChannelStore;
import io.jindou.store.ConversationStore;
import io.jindou.store.MessageStore;
import io.jindou.store.Store;
import io.jindou.store.UserStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisOptions;
import java.util.logging.Logger;

/**
 * The cluster-mode storage backend: every node shares one Redis (standalone, or Redis Cluster, where every
 * key of a channel carries the hash tag {@code {<type>:<source channel id>}} and every per-user key
 * {@code {u:<uid>}}, so each script touches one slot; see {@link RedisKeys}). It owns the one dedicated
 * connection ({@link RedisLink}), on Redis Cluster the per-master connections of the pass over the stored channels
 * ({@link ClusterMasters}), the per-channel write lanes and the port adapters over them. Sequence
 * allocation, idempotency and the write plans' conversation rows are one Lua script per channel per batch, so even
 * two nodes that briefly both believe they own a channel cannot produce a duplicate or out-of-order
 * {@code message_seq}.
 *
 * <p>Durability: a future completes when Redis has answered, and Redis answers a write after it is in its
 * append-only file. Acknowledged writes survive {@code kill -9} of Redis (and of the machine) only with
 * {@code appendonly yes} and {@code appendfsync always}, which is how the tests run it; with {@code everysec}
 * up to about one second of acknowledged writes can be lost on a machine crash (a Redis process crash alone
 * loses nothing, the kernel still holds the data). The store logs a warning at connect when Redis runs
 * otherwise. On Redis Cluster a failover to a replica may additionally lose writes the old primary had
 * acknowledged but not yet replicated (replication is asynchronous). When the connection is lost while a
 * write is in flight its future fails although Redis may have applied it: callers retry with the same
 * client_msg_no and get DUPLICATE with the original.
 *
 * <p>It must be connected before the verticles deploy, from outside them (it creates its connection on the
 * context it is connected from), and closed after they are gone. It must never block an event loop.
 */
public final class RedisStore implements Store {
  private static final Logger LOG = Logger.getLogger(RedisStore.class.getName());

  /**
   * Tunables. {@code maxBatch}: most drafts coalesced into one append script (default 512).
   * {@code requestTimeoutMs}: with requests in flight and no reply for this long the connection is dropped and
   * they fail (default 10 000 ms). {@code reconnectDelayMs}: wait before reconnecting after a drop (default
   * 1 000 ms; any use reconnects at once). {@code maxMutateAttempts}: optimistic row updates before giving up
   * (default 32).
   */
  public record Limits(int maxBatch, long requestTimeoutMs, long reconnectDelayMs, int maxMutateAttempts) {
    public static final Limits DEFAULTS = new Limits(512, 10_000, 1_000, 32);

    public Limits {
      if (maxBatch < 1 || requestTimeoutMs < 1 || reconnectDelayMs < 0 || maxMutateAttempts < 1) {
        throw new IllegalArgumentException("bad Redis store limits: maxBatch=" + maxBatch + ", requestTimeoutMs="
            + requestTimeoutMs + ", reconnectDelayMs=" + reconnectDelayMs + ", maxMutateAttempts=" + maxMutateAttempts);
      }
    }
  }

  private final RedisLink link;
  private final ClusterMasters masters; // null on a standalone Redis
  private final RedisMessageStore messages;
  private final RedisStreamStore streams;
  private final RedisChannelStore channels;
  private final RedisUserStore users;
  private final RedisChannelListStore lists;
  private final RedisConversationStore conversations;

  private RedisStore(RedisLink link, ClusterMasters masters, Context home, Limits limits) {
    this.link = link;
    this.masters = masters;
    ConversationIndex index = new ConversationIndex(link);
    this.messages = new RedisMessageStore(link, home, limits.maxBatch(), index, new RedisChannelScan(link, masters));
    this.channels = new RedisChannelStore(link, messages.lanes(), index);
    this.users = new RedisUserStore(link);
    this.streams = new RedisStreamStore(link);
    this.lists = new RedisChannelListStore(link, messages.lanes());
    this.conversations = new RedisConversationStore(link, messages.lanes(), index, limits.maxMutateAttempts());
  }

  /** Connects to a standalone Redis, e.g. {@code redis://127.0.0.1:6379/0}, with default limits. */
  public static Future<RedisStore> connect(Vertx vertx, String redisUrl) {
    return connect(vertx, new RedisOptions().setConnectionString(redisUrl), Limits.DEFAULTS);
  }

  /**
   * Connects with full client options (set {@code RedisClientType.CLUSTER} and the seed endpoints for Redis
   * Cluster). Fails with the connection error when Redis cannot be reached.
   */
  public static Future<RedisStore> connect(Vertx vertx, RedisOptions options, Limits limits) {
    Context home = vertx.getOrCreateContext();
    RedisOptions opts = new RedisOptions(options);
    if (opts.getMaxWaitingHandlers() < 65_536) {
      opts.setMaxWaitingHandlers(65_536); // one pipelined connection carries every in-flight command
    }
    RedisLink link = new RedisLink(vertx, home, opts, limits);
    Future<RedisStore> f = link.start().compose(v -> link.checkDurability()).map(v -> {
      LOG.info("store opened: Redis " + opts.getType() + " at "
          + opts.getEndpoints().stream().map(u -> u.replaceAll("//[^@/]*@", "//***@")).toList());
      ClusterMasters masters = link.cluster() ? new ClusterMasters(vertx, opts, link, limits.requestTimeoutMs()) : null;
      return new RedisStore(link, masters, home, limits);
    }).recover(e -> link.close().transform(x -> Future.failedFuture(e)));
    return RedisLink.deliver(vertx.getOrCreateContext(), f);
  }

  @Override
  public io.jindou.store.WebhookStore webhooks(int node) {
    return new RedisWebhookStore(link, node);
  }

  @Override
  public io.jindou.store.StreamStore streams() {
    return streams;
  }

  @Override
  public MessageStore messages() {
    return messages;
  }

  @Override
  public ChannelStore channels() {
    return channels;
  }

  @Override
  public ChannelListStore lists() {
    return lists;
  }

  @Override
  public UserStore users() {
    return users;
  }

  @Override
  public ConversationStore conversations() {
    return conversations;
  }

  /** True while the connection is up; false after a drop until a reconnect succeeds. */
  @Override
  public boolean healthy() {
    return link.healthy();
  }

  @Override
  public Future<Void> close() {
    Future<Void> scans = masters == null ? Future.succeededFuture() : masters.close();
    return scans.transform(x -> link.close()).onSuccess(v -> LOG.info("store closed"));
  }
}
