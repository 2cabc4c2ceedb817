package io.jindou.cluster;

/**
 * Every event-bus address Jindou uses, in one place (no other class in the main code spells one). Node-scoped
 * addresses carry the configured node id (stable across restarts), never the Vert.x/Hazelcast member UUID.
 * Constants and string builders only; it never registers or sends anything.
 */
public final class Addresses {
  private Addresses() {
  }

  // ---- inside the cluster

  /** The channel-owner shard {@code shard} on node {@code nodeId}. */
  public static String owner(int nodeId, int shard) {
    return "jindou.owner." + nodeId + "." + shard;
  }

  /** The delivery inbox of node {@code nodeId}'s gateway (one batch per node per message). */
  public static String deliver(int nodeId) {
    return "jindou.deliver." + nodeId;
  }

  /** Node {@code nodeId}'s administration of its own connections ({@code NodeRpc}). */
  public static String node(int nodeId) {
    return "jindou.node." + nodeId;
  }

  /** Published (uid as body) by the owner of a person channel after a durable change of its flags or lists. */
  public static final String POLICY_CHANGED = "jindou.policy.changed";
  /** Published (no body) after the stored system uids change, so every node reloads its cache. */
  public static final String SYSTEM_UIDS_CHANGED = "jindou.systemuids.changed";
  /** Published when a uid's first session on a node opens or its last one closes (JSON: node, uid, on). */
  public static final String PRESENCE = "jindou.presence";

  /** Where node {@code nodeId} answers with the uids that have a session there. */
  public static String presenceSnapshot(int nodeId) {
    return "jindou.presence.snapshot." + nodeId;
  }

  // ---- for other services (the event-bus API and events; the TCP bridge allows exactly these prefixes)

  /** Every request/reply address of the event-bus API starts with this. */
  public static final String API_PREFIX = "jindou.api.";
  /** Every published event starts with this. */
  public static final String EVENT_PREFIX = "jindou.event.";

  public static final String API_MESSAGE_SEND = API_PREFIX + "message.send";
  public static final String API_MESSAGE_SENDBATCH = API_PREFIX + "message.sendbatch";
  public static final String API_MESSAGE_EVENT = API_PREFIX + "message.event";
  public static final String API_MESSAGE_EVENTSYNC = API_PREFIX + "message.eventsync";
  public static final String API_MESSAGE_SYNC = API_PREFIX + "message.sync";
  public static final String API_CHANNEL_CREATE = API_PREFIX + "channel.create";
  public static final String API_CHANNEL_INFO = API_PREFIX + "channel.info";
  public static final String API_CHANNEL_DELETE = API_PREFIX + "channel.delete";
  public static final String API_CHANNEL_SUBSCRIBERS_ADD = API_PREFIX + "channel.subscribers.add";
  public static final String API_CHANNEL_SUBSCRIBERS_REMOVE = API_PREFIX + "channel.subscribers.remove";
  public static final String API_CONVERSATION_SYNC = API_PREFIX + "conversation.sync";
  public static final String API_USER_TOKEN = API_PREFIX + "user.token";
  public static final String API_MESSAGE_REVOKE = API_PREFIX + "message.revoke";
  public static final String API_MESSAGE_EDIT = API_PREFIX + "message.edit";
  public static final String API_MESSAGE_DELETE = API_PREFIX + "message.delete";
  public static final String API_MESSAGE_REACTION = API_PREFIX + "message.reaction";
  public static final String API_MESSAGE_EXTRA_SYNC = API_PREFIX + "message.extra.sync";
  public static final String API_MESSAGE_READED = API_PREFIX + "message.readed";

  /** Published for every committed message (at-most-once; JSON). */
  public static final String EVENT_MESSAGE = EVENT_PREFIX + "message";
  /**
   * Published for every change of a stored message (recall, edit, delete, hiding, reaction), after it is durable
   * (at-most-once; JSON, see access/eventbus MessageChangeEvents).
   */
  public static final String EVENT_MESSAGE_EXTRA = EVENT_PREFIX + "message.extra";

  /** Every stored public stream event (see {@code access/eventbus/MessageEvents}): at-most-once, JSON. */
  public static final String EVENT_STREAM = EVENT_PREFIX + "stream";
  /** Published when a device session opens / closes (JSON: uid, device_flag, device_id, node, conn_id). */
  public static final String EVENT_USER_ONLINE = EVENT_PREFIX + "user.online";
  public static final String EVENT_USER_OFFLINE = EVENT_PREFIX + "user.offline";
}
