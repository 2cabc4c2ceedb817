package io.jindou.usecase;

import io.jindou.channel.ChannelQueries;
import io.jindou.channel.ChannelService;
import io.jindou.model.ChannelCommand;
import io.jindou.model.ChannelCommand.Op;
import io.jindou.model.ChannelFacts;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.model.Reason;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Channel management (spec http-api §1.5): create/update, flags, delete (disband), subscribers, and the black and
 * white lists of a group or of a person channel (who may message that person), plus reading the whitelist and,
 * for the manager console, a channel's details. Checks the request (plain ids within {@code id_max_length}, the
 * channel type, what person channels cannot have) and hands one command to the channel's owner, which applies it
 * in order with the channel's sends. It never touches storage itself (subscribers are read through
 * {@link ChannelQueries}).
 */
public final class ManageChannels {
  /** Which list of a channel. */
  public enum ListKind {
    BLACK, WHITE
  }

  /** The most subscribers {@link #details} lists. */
  public static final int DETAILS_MAX_SUBSCRIBERS = 10_000;

  private final ChannelService channels;
  private final ChannelQueries queries;
  private final Limits limits;

  public ManageChannels(ChannelService channels, ChannelQueries queries, Limits limits) {
    this.channels = channels;
    this.queries = queries;
    this.limits = limits;
  }

  /** {@code POST /channel}: creates or updates the flags, with initial subscribers ({@code reset}: replace them). */
  public Future<Void> create(ChannelRequest r) {
    ChannelKey ch = key(r, true);
    List<String> subs = Ids.list("subscribers", r.uids(), limits.idMaxLength(), limits.requestUidsMax());
    if (ch.type() == ChannelType.PERSON && !subs.isEmpty()) {
      throw JindouException.invalid("person channels (type 1) cannot have subscribers");
    }
    return channels.mutate(new ChannelCommand(Op.UPSERT, ch, r.info(), subs, r.reset()));
  }

  /** {@code POST /channel/info}: sets the flags. */
  public Future<Void> setInfo(ChannelRequest r) {
    return channels.mutate(new ChannelCommand(Op.SET_INFO, key(r, true), r.info(), List.of(), false));
  }

  /** {@code POST /channel/delete}: disbands (terminal). */
  public Future<Void> delete(ChannelRequest r) {
    return mutate(Op.DELETE, notPerson(key(r, true)), List.of(), false);
  }

  /** {@code POST /channel/subscriber_add}; the type defaults to a group. */
  public Future<Void> addSubscribers(ChannelRequest r) {
    ChannelKey ch = notPerson(key(r, false));
    if (r.tempSubscriber()) {
      throw JindouException.invalid("temp_subscriber is no longer supported; use /tmpchannel/subscriber_set");
    }
    return mutate(Op.ADD_SUBSCRIBERS, ch, subscribers(r), r.reset());
  }

  /**
   * {@code POST /tmpchannel/subscriber_set}: replaces the recipient list of temp channel (type 8) {@code channelId}
   * — who a {@code /message/send} with {@code channel_type} 8 reaches. Durable, like every subscriber list (V3
   * persists it too; V2 kept it in one node's memory for 20 minutes); temp channels keep no conversations.
   */
  public Future<Void> setTempSubscribers(ChannelRequest r) {
    String id = Ids.required("channel_id", r.channelId(), limits.idMaxLength(), true, Reason.CHANNEL_ID_ERROR);
    List<String> uids = uids(r, true);
    return mutate(Op.ADD_SUBSCRIBERS, new ChannelKey(id, ChannelType.TEMP), uids, true);
  }

  /** {@code POST /channel/subscriber_remove}; the type defaults to a group. */
  public Future<Void> removeSubscribers(ChannelRequest r) {
    ChannelKey ch = notPerson(key(r, false));
    return mutate(Op.REMOVE_SUBSCRIBERS, ch, subscribers(r), false);
  }

  /** {@code POST /channel/subscriber_remove_all}. */
  public Future<Void> removeAllSubscribers(ChannelRequest r) {
    return mutate(Op.REMOVE_ALL_SUBSCRIBERS, notPerson(key(r, true)), List.of(), false);
  }

  /** {@code POST /channel/<list>_add}: at least one uid. */
  public Future<Void> listAdd(ListKind list, ChannelRequest r) {
    return mutate(list == ListKind.BLACK ? Op.BLACKLIST_ADD : Op.WHITELIST_ADD, key(r, true), uids(r, true), false);
  }

  /** {@code POST /channel/<list>_set}: replaces the list (empty clears it); the type defaults to a group. */
  public Future<Void> listSet(ListKind list, ChannelRequest r) {
    return mutate(list == ListKind.BLACK ? Op.BLACKLIST_SET : Op.WHITELIST_SET, key(r, false), uids(r, false),
        false);
  }

  /** {@code POST /channel/<list>_remove}: at least one uid. */
  public Future<Void> listRemove(ListKind list, ChannelRequest r) {
    return mutate(list == ListKind.BLACK ? Op.BLACKLIST_REMOVE : Op.WHITELIST_REMOVE, key(r, true), uids(r, true),
        false);
  }

  /** {@code POST /channel/<list>_remove_all}. */
  public Future<Void> listRemoveAll(ListKind list, ChannelRequest r) {
    return mutate(list == ListKind.BLACK ? Op.BLACKLIST_SET : Op.WHITELIST_SET, key(r, true), List.of(), false);
  }

  /** One page of a sorted list: its uids from {@code offset} on, and {@code more} when the list goes on after them. */
  public record ListPage(List<String> uids, int offset, boolean more) {
  }

  /**
   * {@code GET /channel/whitelist}: the channel's whitelist, sorted, from {@code offset}, as many uids as
   * {@code response_max_bytes} holds at their longest ({@code id_max_length}); a cut page says {@code more} and the
   * client asks again from the next offset.
   */
  public Future<ListPage> whitelist(ChannelRequest r, int offset) {
    if (offset < 0) {
      throw JindouException.invalid("offset must not be negative, got " + offset);
    }
    int fits = Math.max(1, limits.responseMaxBytes() / (32 + 3 * limits.idMaxLength()));
    return channels.facts(key(r, true)).map(f -> {
      List<String> all = f.whitelist().stream().sorted().toList();
      int from = Math.min(offset, all.size());
      int to = (int) Math.min(all.size(), (long) from + fits);
      return new ListPage(all.subList(from, to), from, to < all.size());
    });
  }

  /**
   * A channel as the console shows it: its flags and lists from its owner, its subscribers from the store (the
   * first {@code limit} of them, sorted, and their count). The id may be a person channel's {@code a@b}, which has
   * no subscribers; an absent type means a group. Read-only.
   */
  public Future<ChannelDetails> details(ChannelRequest r, int limit) {
    String id = Ids.required("channel_id", r.channelId(), limits.channelIdMaxLength(), false, Reason.CHANNEL_ID_ERROR);
    int type = r.channelType() < 0 ? ChannelType.GROUP : r.channelType();
    if (!ChannelType.isValid(type)) {
      throw JindouException.invalid("channel_type must be one of 1..12, got " + type);
    }
    if (limit < 0 || limit > DETAILS_MAX_SUBSCRIBERS) {
      throw JindouException.invalid("limit must be an integer between 0 and " + DETAILS_MAX_SUBSCRIBERS + ", got "
          + limit);
    }
    ChannelKey ch = new ChannelKey(id, type);
    Future<ChannelFacts> facts = channels.facts(ch);
    Future<Set<String>> subs = type == ChannelType.PERSON ? Future.succeededFuture(Set.of())
        : queries.subscribers(ch);
    return Future.all(facts, subs).map(v -> {
      ChannelFacts f = facts.result();
      List<String> sorted = new TreeSet<>(subs.result()).stream().toList();
      return new ChannelDetails(ch, f.info(), sorted.size(), sorted.subList(0, Math.min(limit, sorted.size())),
          new TreeSet<>(f.blacklist()).stream().toList(), new TreeSet<>(f.whitelist()).stream().toList());
    });
  }

  private Future<Void> mutate(Op op, ChannelKey ch, List<String> uids, boolean reset) {
    return channels.mutate(new ChannelCommand(op, ch, null, uids, reset));
  }

  /**
   * The channel named: a plain id within {@code id_max_length}, a type in 1..12 ({@code typeRequired}; else
   * absent or 0 means a group).
   */
  private ChannelKey key(ChannelRequest r, boolean typeRequired) {
    String id = Ids.required("channel_id", r.channelId(), limits.idMaxLength(), true, Reason.CHANNEL_ID_ERROR);
    int type = r.channelType();
    if (type < 0 && typeRequired) {
      throw JindouException.invalid("channel_type is required");
    }
    if (type <= 0 && !typeRequired) {
      type = ChannelType.GROUP;
    }
    if (!ChannelType.isValid(type)) {
      throw JindouException.invalid("channel_type must be one of 1..12, got " + type);
    }
    return new ChannelKey(id, type);
  }

  private List<String> subscribers(ChannelRequest r) {
    List<String> subs = Ids.list("subscribers", r.uids(), limits.idMaxLength(), limits.requestUidsMax());
    if (subs.isEmpty()) {
      throw JindouException.invalid("subscribers must name at least one uid");
    }
    return subs;
  }

  private List<String> uids(ChannelRequest r, boolean required) {
    List<String> uids = Ids.list("uids", r.uids(), limits.idMaxLength(), limits.requestUidsMax());
    if (required && uids.isEmpty()) {
      throw JindouException.invalid("uids must name at least one uid");
    }
    return uids;
  }

  private static ChannelKey notPerson(ChannelKey ch) {
    if (ch.type() == ChannelType.PERSON) {
      throw JindouException.invalid("this operation is not supported on person channels (type 1)");
    }
    return ch;
  }
}
