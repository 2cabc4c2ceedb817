package io.jindou.app;

import io.jindou.access.gateway.GatewayLoops;
import io.jindou.access.gateway.GatewayServices;
import io.jindou.access.gateway.GatewayVerticle;
import io.jindou.access.gateway.LocalDelivery;
import io.jindou.access.gateway.SessionRegistry;
import io.jindou.access.eventbus.BridgeServer;
import io.jindou.access.eventbus.EventBusApiVerticle;
import io.jindou.access.eventbus.MessageEvents;
import io.jindou.access.http.HttpApiVerticle;
import io.jindou.access.http.Listener;
import io.jindou.access.net.PerIpLimit;
import io.jindou.access.web.WebEdge;
import io.jindou.channel.Fanout;
import io.jindou.channel.StreamDeps;
import io.jindou.channel.PolicyFacts;
import io.jindou.channel.ChannelOwnerVerticle;
import io.jindou.channel.ChannelService;
import io.jindou.channel.RetentionSweep;
import io.jindou.channel.MessageIds;
import io.jindou.access.http.MetricsEndpoint;
import io.jindou.cluster.Addresses;
import io.jindou.metrics.Metrics;
import io.jindou.cluster.ClusterPresence;
import io.jindou.cluster.HazelcastMembership;
import io.jindou.cluster.LocalMembership;
import io.jindou.cluster.Membership;
import io.jindou.model.NodeCall;
import io.jindou.cluster.NodeRpc;
import io.jindou.store.PendingAcks;
import io.jindou.store.Datasource;
import io.jindou.store.Store;
import io.jindou.store.hazelcast.HazelcastPendingAcks;
import io.jindou.app.datasource.HttpDatasource;
import io.jindou.store.memory.MemoryPendingAcks;
import io.jindou.store.redis.RedisStore;
import io.jindou.usecase.Webhooks;
import io.jindou.webhook.WebhookOutbox;
import io.jindou.store.rocksdb.RocksDbStore;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.jindou.usecase.ClientLogin;
import io.jindou.usecase.UseCases;
import io.jindou.user.UserService;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBus;
import java.net.BindException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The composition root of one node: opens the store, starts Vert.x, deploys the channel owners (one per
 * shard), joins the ring, then deploys the access verticles, and undoes it all in reverse on stop. It is the
 * only class that names concrete adapters. Start and stop block the calling (non-Vert.x) thread.
 */
public final class JindouServer {
  private static final Logger LOG = Logger.getLogger(JindouServer.class.getName());

  private final Settings settings;
  private Vertx vertx;
  private GatewayLoops gatewayLoops;
  private Store store;
  private Metrics metrics = Metrics.OFF;
  private final List<String> httpDeployments = new java.util.ArrayList<>();
  private volatile boolean draining;
  private volatile boolean ready;
  private HazelcastMembership hazelcast;
  private volatile Membership membership;
  private int httpPort;
  private volatile HttpApiVerticle httpApi;

  public JindouServer(Config config) {
    this.settings = config.settings();
  }

  /** Starts the node; throws {@link IllegalStateException} with a one-line reason when it cannot. */
  public synchronized void start() {
    long t0 = System.nanoTime();
    Settings.Node node = settings.node();
    Settings.Owners owners = settings.owners();
    int nodeId = node.nodeId();
    boolean clustered = settings.cluster().enabled();
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(node.eventLoops())
        .setPreferNativeTransport(node.nativeTransport());
    Settings.Http http = settings.http();
    httpPort = http.port();
    List<Listener> listeners = HttpListeners.of(http); // refuses an unsafe address before anything starts
    ClusterBoot.Joined joined = clustered ? ClusterBoot.start(settings.cluster(), options) : null;
    HazelcastClusterManager[] mgr = {joined == null ? null : joined.manager()};
    vertx = joined != null ? joined.vertx() : Vertx.vertx(options);
    try {
      EventBusCodecs.register(vertx.eventBus());
      metrics = settings.ops().metricsEnabled() ? Metrics.prometheus(nodeId) : Metrics.OFF;
      Settings.Storage storage = settings.storage();
      store = storage.kind().equals("redis")
          ? RedisStore.connect(vertx, redisOptions(storage), storage.redis()).await(30, TimeUnit.SECONDS)
          : RocksDbStore.open(storage.rocksdb(), vertx);
      if (store instanceof RocksDbStore rocks && metrics.enabled()) {
        rocks.observeBatches(metrics::batch);
      }
      EventBus bus = vertx.eventBus();
      Settings.Datasource ds = settings.datasource();
      Datasource datasource = ds.enabled() ? new HttpDatasource(vertx, ds.http()) : Datasource.NONE;
      long datasourceCacheMs = ds.cache().toMillis();
      UserService users = new UserService(store.users(), () -> bus.publish(Addresses.SYSTEM_UIDS_CHANGED, null),
          datasource);
      bus.consumer(Addresses.SYSTEM_UIDS_CHANGED, m -> users.reloadSystemUids());
      users.load().await(30, TimeUnit.SECONDS);
      if (datasource.enabled()) {
        try {
          users.refreshDatasourceSystemUids().await(ds.http().timeoutMs() + 1000L, TimeUnit.MILLISECONDS);
          refreshSystemUids(users, datasourceCacheMs, datasourceCacheMs);
        } catch (Exception e) {
          LOG.warning("datasource: no system uids yet, asking again: " + e);
          refreshSystemUids(users, Math.min(datasourceCacheMs, 1000), datasourceCacheMs);
        }
        LOG.info("datasource " + ds.http().url() + ": answers kept " + ds.cache().toSeconds() + " s, timeout "
            + ds.http().timeoutMs() + " ms, channel info " + (datasource.channelInfo() ? "on" : "off"));
      }
      int shards = owners.shards();
      int vnodes = owners.ringVirtualNodes();
      if (clustered) {
        hazelcast = new HazelcastMembership(mgr[0].getHazelcastInstance(), nodeId, shards, vnodes, joined.expected());
        hazelcast.claim();
        membership = hazelcast;
      } else {
        membership = new LocalMembership(nodeId, shards, vnodes);
      }
      MessageIds ids = new MessageIds(nodeId);
      SessionRegistry sessions = new SessionRegistry(nodeId, node.deliveryBacklogMax());
      ClusterPresence clusterPresence = clustered
          ? new ClusterPresence(vertx, nodeId, sessions, sessions::uids, membership) : null;
      if (clusterPresence != null) {
        sessions.onPresenceChange(clusterPresence::changed);
      }
      Settings.Events events = settings.events();
      WebhookOutbox hooks = WebhookWiring.outbox(settings.webhook(), store, clusterPresence != null ? clusterPresence
          : sessions, nodeId, nodeId);
      Webhooks webhooks = WebhookWiring.useCases(settings.webhook(), hooks);
      Fanout.Observer observer = WebhookWiring.observer(webhooks, events.enabled()
          ? new MessageEvents(vertx, events.offlineUidsMax()) : (m, r, online, origin) -> {
          });
      LocalDelivery localDelivery = new LocalDelivery(sessions, nodeId, metrics);
      Fanout fanout = new Fanout(vertx, clusterPresence != null ? clusterPresence : sessions, observer, nodeId,
          localDelivery, localDelivery::acceptEvent, metrics);
      PolicyFacts facts = new PolicyFacts(vertx, owners.policyCacheMax(), datasource.enabled() ? datasourceCacheMs
          : Long.MAX_VALUE);
      // before any owner runs: a node joining a busy cluster gets sends the moment it enters the ring, and the
      // policy facts of those sends are asked through the channel service
      ChannelService channels = new ChannelService(vertx, membership, owners.sendTimeoutMs(), owners.retries());
      facts.channels(channels);
      ChannelOwnerVerticle.Deps ownerDeps = new ChannelOwnerVerticle.Deps(store.messages(), store.channels(),
          store.lists(), users::isSystemUid, owners.personWhitelist(), ids, fanout, facts, membership::version,
          owners.channelCachePerShard(), datasource, datasourceCacheMs, owners.subscribersMax(),
          membership::hasMajority, metrics, owners.revokeWindowSeconds(), owners.editWindowSeconds(),
          owners.retentionDays(), owners.retentionMaxMessages(), owners.retentionIntervalSeconds() * 1000,
          new StreamDeps(store.streams(), fanout, settings.streams().textMaxBytes(), settings.streams().eventsMax(),
              StreamDeps.CACHE_MAX, settings.streams().idleTimeoutMs(), settings.streams().retentionMs()),
          WebhookWiring.outboxNodes(hooks), sessions.backlog());
      vertx.setPeriodic(60_000, t -> store.streams().dropExpired(System.currentTimeMillis(), 10_000)
          .onFailure(e -> LOG.warning("dropping expired stream events failed: " + e.getMessage())));
      for (int shard = 0; shard < shards; shard++) {
        vertx.deployVerticle(new ChannelOwnerVerticle(nodeId, shard, ownerDeps)).await(30, TimeUnit.SECONDS);
      }
      new RetentionSweep(store.messages(), channels, ChannelOwnerVerticle.RETENTION_CHANNELS_PER_TICK,
          membership::hasMajority).start(vertx, owners.retentionIntervalSeconds() * 1000);
      membership.announceReady();
      if (clusterPresence != null) {
        clusterPresence.start().await(30, TimeUnit.SECONDS);
      }
      NodeRpc nodeRpc = new NodeRpc(vertx, membership, sessions, new NodeCall.ClientAddresses(
          node.advertiseHost(), node.tcpPort(), node.wsPort(), settings.gateway().tls() != null),
          owners.sendTimeoutMs());
      nodeRpc.start().await(30, TimeUnit.SECONDS);
      Settings.PendingAcks acks = settings.pendingAcks();
      PendingAcks pending = clustered ? new HazelcastPendingAcks(vertx, mgr[0].getHazelcastInstance(), acks.ttl())
          : new MemoryPendingAcks(acks.maxUsers(), acks.ttl());
      UseCases useCases = UseCaseWiring.build(vertx, settings, store, metrics, channels, users, nodeRpc, pending,
          clusterPresence != null ? clusterPresence : sessions, nodeId, datasource.enabled(), webhooks);
      BooleanSupplier isReady = this::isReady;
      WebEdge web = new WebEdge(new WebEdge.Deps(settings.web().pages(), useCases, isReady));
      Metrics scraped = metrics;
      HttpApiVerticle.Mounts mounts = new HttpApiVerticle.Mounts(web::mountOpen, r -> {
        web.mountAdmin(r);
        if (scraped.enabled()) {
          MetricsEndpoint.mount(r, scraped::scrape);
        }
      });
      Settings.Guards guards = settings.guards();
      PerIpLimit httpPerIp = new PerIpLimit(guards.maxConnectionsPerIp()); // shared by the HTTP listeners
      int loops = node.eventLoops();
      GatewayServices gateway = new GatewayServices(settings.gateway(),
          new ClientLogin(users, channels, settings.limits(), settings.gateway().tokenAuth()), useCases.sends(),
          sessions, guards.maxConnectionsPerIp(), guards.authFailThreshold(), guards.authFailDelayMaxMs(),
          guards.authFailWindowMs(), guards.authFailIpsMax(), metrics);
      NodeMeters.register(metrics, vertx, sessions, membership, loops);
      gatewayLoops = GatewayLoops.create(vertx, node.gatewayLoops(), node.gatewayPriority());
      GatewayLoops gwLoops = gatewayLoops;
      vertx.deployVerticle(() -> new GatewayVerticle(gateway, gwLoops), new DeploymentOptions().setInstances(
              gwLoops.dedicated() ? node.gatewayLoops() : loops))
          .await(30, TimeUnit.SECONDS);
      for (Listener l : listeners) {
        HttpApiVerticle.Deps deps = new HttpApiVerticle.Deps(useCases, isReady, l, http.managerToken(),
            http.requestTimeoutSeconds(), http.cleartextHttp2(), mounts, httpPerIp, settings.ops().accessLog(),
            () -> draining);
        try {
          httpDeployments.add(vertx.deployVerticle(() -> {
            HttpApiVerticle v = new HttpApiVerticle(deps);
            if (l.admin()) {
              httpApi = v; // the listener that serves every endpoint
            }
            return v;
          }, new DeploymentOptions().setInstances(http.instances())).await(30, TimeUnit.SECONDS));
        } catch (Exception e) {
          throw portError(l.name(), l.port(), e);
        }
      }
      vertx.deployVerticle(new EventBusApiVerticle(useCases)).await(30, TimeUnit.SECONDS);
      WebhookWiring.deploy(vertx, settings.webhook(), useCases.webhooks(), sessions, clustered);
      WebhookWiring.takeover(vertx, settings.webhook(), hooks, membership, store, clusterPresence != null
          ? clusterPresence : sessions, nodeId, clustered);
      if (events.bridge().port() > 0) {
        try {
          BridgeServer.start(vertx, events.bridge()).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw portError("event-bus bridge", events.bridge().port(), e);
        }
      }
      Integer gwNice = gwLoops.applyPriority().await(5, TimeUnit.SECONDS);
      String slice = SchedulerSlice.apply(node.schedulerSliceUs());
      ready = true;
      LOG.info(String.format("node %d ready in %d ms: %s, tcp %d, ws %d%s, %d shards, %s, %s transport, client "
          + "token auth %s, %s, data %s%s", nodeId, (System.nanoTime() - t0) / 1_000_000,
          HttpListeners.describe(listeners, http), node.tcpPort(), node.wsPort(),
          settings.gateway().tls() != null ? " (tls)" : "", shards,
          gwLoops.dedicated()
              ? node.gatewayLoops() + " gateway loops" + GatewayLoops.priorityNote(gwNice, node.gatewayPriority())
              : "gateway on the node's loops",
          vertx.isNativeTransportEnabled() ? "epoll" : "nio", settings.gateway().tokenAuth() ? "on" : "off",
          web.describe(),
          storage.kind().equals("redis") ? storage.redisUrl() : storage.rocksdb().dataDir().toAbsolutePath(), slice));
    } catch (RuntimeException e) {
      stop();
      throw e instanceof IllegalStateException ? e : new IllegalStateException(e.getMessage(), e);
    } catch (Exception e) {
      stop();
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * Asks the datasource for its system uids again after {@code delayMs}, then every cache period; after a failure
   * sooner (doubling from 1 s up to the cache period), so a business server that was down at start is used soon.
   */
  private void refreshSystemUids(UserService users, long delayMs, long cacheMs) {
    Vertx v = vertx;
    if (v == null) {
      return; // stopped
    }
    try {
      v.setTimer(delayMs, t -> users.refreshDatasourceSystemUids().onComplete(ar -> refreshSystemUids(users,
          ar.succeeded() ? cacheMs : Math.min(cacheMs, delayMs * 2), cacheMs)));
    } catch (IllegalStateException e) {
      // Vert.x is closing: the node is stopping
    }
  }

  /** {@code redis_url} is one URL, or for {@code redis_type=cluster} a comma-separated list of seed nodes. */
  private static io.vertx.redis.client.RedisOptions redisOptions(Settings.Storage storage) {
    io.vertx.redis.client.RedisOptions o = new io.vertx.redis.client.RedisOptions();
    if (storage.redisCluster()) {
      o.setType(io.vertx.redis.client.RedisClientType.CLUSTER);
    }
    boolean first = true;
    for (String url : storage.redisUrl().split(",")) {
      if (url.isBlank()) {
        continue;
      }
      if (first) {
        o.setConnectionString(url.trim()); // replaces the client's default endpoint
        first = false;
      } else {
        o.addConnectionString(url.trim());
      }
    }
    return o;
  }

  private static IllegalStateException portError(String what, int port, Exception e) {
    Throwable c = e;
    while (c != null && !(c instanceof BindException) && !String.valueOf(c.getMessage()).contains("in use")) {
      c = c.getCause(); // NIO raises BindException; the epoll transport a native error saying "Address already in use"
    }
    if (c != null) {
      return new IllegalStateException(what + " port " + port + " is already in use (Address already in use)");
    }
    return new IllegalStateException("cannot listen on " + what + " port " + port + ": " + e.getMessage());
  }

  public int httpPort() {
    return httpPort;
  }

  /** The endpoints the HTTP API serves, as {@code "METHOD /path"} (for the check that the API document lists them). */
  public List<String> httpRoutes() {
    HttpApiVerticle v = httpApi;
    return v == null ? List.of() : v.routes();
  }

  /** This node's Vert.x instance (for embedding and tests: the event-bus API lives on it). */
  public Vertx vertx() {
    return vertx;
  }

  /**
   * Ready: started, the store usable (the RocksDB writer alive, Redis answering), and in a cluster a majority of
   * the expected members in sight. Drives {@code /readyz}.
   */
  public boolean isReady() {
    Store s = store;
    Membership m = membership;
    return ready && s != null && s.healthy() && m != null && m.hasMajority();
  }

  /**
   * Stops accepting work, undeploys everything, then flushes and closes the store. Idempotent. A ready cluster
   * node drains first: it answers {@code /readyz} with 503 and leaves the ring (its channels move to the other
   * nodes at once), keeps serving for {@code cluster_drain_seconds} (requests already routed to it, load balancers
   * that have not yet seen the 503), then stops its HTTP listeners gracefully (requests in flight are answered)
   * before the rest closes.
   */
  public synchronized void stop() {
    boolean drain = ready && hazelcast != null && !settings.cluster().drain().isZero();
    ready = false;
    if (hazelcast != null) {
      if (drain) {
        LOG.info("node " + settings.node().nodeId() + " draining: leaving the ring, serving for "
            + settings.cluster().drain().toSeconds() + " s more before it closes");
      }
      hazelcast.leave();
      hazelcast = null;
      if (drain) {
        try {
          Thread.sleep(settings.cluster().drain().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    if (vertx != null && drain) {
      draining = true;
      for (String id : httpDeployments) {
        try {
          vertx.undeploy(id).await(10, TimeUnit.SECONDS); // graceful: answers what is in flight
        } catch (Exception e) {
          LOG.warning("closing an HTTP listener: " + e.getMessage());
        }
      }
    }
    httpDeployments.clear();
    if (vertx != null) {
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warning("closing Vert.x: " + e.getMessage());
      }
      vertx = null;
    }
    if (gatewayLoops != null) { // after Vert.x: the gateway verticles stop on these loops
      try {
        gatewayLoops.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warning("closing the gateway event loops: " + e.getMessage());
      }
      gatewayLoops = null;
    }
    if (store != null) {
      try {
        store.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warning("closing the store: " + e.getMessage());
      }
      store = null;
      metrics.close();
      metrics = Metrics.OFF;
      LOG.info("node " + settings.node().nodeId() + " stopped");
    }
  }
}
