package io.jindou.store.redis;

import io.jindou.model.ChannelKey;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The per-user conversation index {@code {u:uid}:convs}: the set of channels a user may have a row in, used
 * only to list a user's rows. The rows themselves live in their channel's hash slot ({@code {T:ID}:m:conv}),
 * because appends and joins must change them in the same script as the head; the index is in the user's
 * slot, so on Redis Cluster no script can change both. It is therefore a <em>superset hint</em>, kept
 * eventually complete by an outbox in the channel's slot:
 * <ol>
 *   <li>every script that creates or deletes a row also records {@code uid → version} in the channel's
 *       outbox {@code {T:ID}:m:ixq}, atomically with the row, and returns every pending entry with whether
 *       the row exists now;</li>
 *   <li>the adapter then applies each entry to the user's index: row exists → {@code SADD}; row gone →
 *       {@code SREM}, then {@code HEXISTS} again and {@code SADD} back if a concurrent creator won; and
 *       finally forgets the entry only if its version is unchanged (compare-and-delete);</li>
 *   <li>an entry left behind by a crash or a lost connection is returned by the channel's next write script
 *       and applied then.</li>
 * </ol>
 * So a row that exists always ends up indexed (no lost rows in {@code list}), and a stale member only costs a
 * lookup that finds no row. It never creates or deletes rows, and it never fails the write that triggered
 * it: the write is already committed, so index errors are logged and left to the outbox.
 */
final class ConversationIndex {
  private static final Logger LOG = Logger.getLogger(ConversationIndex.class.getName());

  private final RedisLink link;

  ConversationIndex(RedisLink link) {
    this.link = link;
  }

  /** Applies a script's pending outbox {uid, version, exists, ...} for channel {@code ch}; never fails. */
  Future<Void> reconcile(ChannelKey ch, Response pending) {
    if (pending == null || pending.size() == 0) {
      return Future.succeededFuture();
    }
    List<Future<Response>> steps = new ArrayList<>();
    for (int i = 0; i + 2 < pending.size(); i += 3) {
      String uid = pending.get(i).toString();
      String version = pending.get(i + 1).toString();
      boolean exists = pending.get(i + 2).toLong() == 1;
      steps.add(apply(ch, uid, exists).compose(v -> link.eval(Scripts.OUTBOX_DONE, List.of(RedisKeys.outbox(ch)),
          List.of(uid, version))));
    }
    return Future.join(steps).<Void>mapEmpty().recover(e -> {
      LOG.warning("conversation index of " + RedisKeys.channelRef(ch) + " left for the next write: " + e.getMessage());
      return Future.succeededFuture();
    });
  }

  private Future<Response> apply(ChannelKey ch, String uid, boolean exists) {
    String index = RedisKeys.userIndex(uid);
    String ref = RedisKeys.channelRef(ch);
    if (exists) {
      return link.send(Request.cmd(Command.SADD).arg(index).arg(ref));
    }
    return link.send(Request.cmd(Command.SREM).arg(index).arg(ref))
        .compose(r -> link.send(Request.cmd(Command.HEXISTS).arg(RedisKeys.conversations(ch)).arg(uid)))
        .compose(r -> r != null && r.toLong() == 1 ? link.send(Request.cmd(Command.SADD).arg(index).arg(ref))
            : Future.succeededFuture(r));
  }

  /** The channels in the user's index (a superset of those with a row). */
  Future<List<ChannelKey>> channels(String uid) {
    return link.send(Request.cmd(Command.SMEMBERS).arg(RedisKeys.userIndex(uid))).map(r -> {
      List<ChannelKey> out = new ArrayList<>();
      if (r != null) {
        for (Response m : r) {
          out.add(RedisKeys.parseChannelRef(m.toString()));
        }
      }
      return out;
    });
  }
}
