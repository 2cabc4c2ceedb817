package io.jindou.app;

import io.jindou.model.EventCommand;
import io.jindou.model.EventDelivery;
import io.jindou.model.EventResult;
import io.jindou.model.NodeCall;
import io.jindou.model.CachedChannels;
import io.jindou.model.CachedChannelsQuery;
import io.jindou.model.ChannelCommand;
import io.jindou.model.ChannelMembers;
import io.jindou.model.ChannelMembersQuery;
import io.jindou.model.ChannelReload;
import io.jindou.model.ChannelFacts;
import io.jindou.model.ChannelInfoQuery;
import io.jindou.model.DeliveryBatch;
import io.jindou.model.RecordCodec;
import io.jindou.model.SendCommand;
import io.jindou.model.SendResult;
import io.vertx.core.eventbus.EventBus;
import java.util.List;

/**
 * Registers the codecs of the records that travel on the event bus between verticles and nodes. It never sends
 * anything itself.
 */
final class EventBusCodecs {
  private EventBusCodecs() {
  }

  static void register(EventBus bus) {
    bus.registerDefaultCodec(SendCommand.class, new RecordCodec<>(SendCommand.class));
    bus.registerDefaultCodec(SendResult.class, new RecordCodec<>(SendResult.class));
    bus.registerDefaultCodec(ChannelCommand.class, new RecordCodec<>(ChannelCommand.class));
    registerRecord(bus, io.jindou.model.MessageChange.class);
    registerRecord(bus, io.jindou.model.MessageChange.Result.class);
    bus.registerDefaultCodec(ChannelInfoQuery.class, new RecordCodec<>(ChannelInfoQuery.class));
    bus.registerDefaultCodec(ChannelFacts.class, new RecordCodec<>(ChannelFacts.class));
    bus.registerDefaultCodec(DeliveryBatch.class, new RecordCodec<>(DeliveryBatch.class));
    for (Class<? extends Record> type : List.of(EventCommand.class, EventResult.class, EventDelivery.class,
        ChannelMembersQuery.class, ChannelMembers.class, ChannelReload.class,
        CachedChannelsQuery.class, CachedChannels.class)) {
      registerRecord(bus, type);
    }
    NodeCall.TYPES.forEach(type -> registerRecord(bus, type));
  }

  private static <T> void registerRecord(EventBus bus, Class<T> type) {
    bus.registerDefaultCodec(type, new RecordCodec<>(type));
  }
}
