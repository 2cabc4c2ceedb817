package io.jindou.usecase;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jindou.model.PersonChannels;
import io.jindou.model.ChannelKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client's {@code last_msg_seqs} (spec http-api §3.1), read relative to the user; bad items are skipped. */
class ConversationsTest {
  @Test
  void lastMsgSeqsAreReadPerChannelAndPersonChannelsAreCanonical() {
    Map<ChannelKey, Long> seqs = Conversations.lastSeqs("me",
        "g1:2:7|peer:1:3|bad|x:y:1|:2:5|g2:2:notanumber|a@b:1:9|g3:2:11");
    assertEquals(Map.of(new ChannelKey("g1", 2), 7L, new ChannelKey(PersonChannels.canonical("me", "peer"), 1), 3L,
        new ChannelKey("g3", 2), 11L), seqs, "a person id the user is not part of is skipped too");
    assertEquals(Map.of(), Conversations.lastSeqs("me", null));
    assertEquals(Map.of(), Conversations.lastSeqs("me", " "));
  }
}
