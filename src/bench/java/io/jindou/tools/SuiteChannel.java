package io.jindou.tools;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * One channel of the suite's population: how the business side sends to it, which of its members are
 * online (suite clients), and which sequences the server acknowledged. Mutated only by the suite.
 */
final class SuiteChannel {
  final String id;
  final int type;
  final String sender;
  final List<Suite.Member> online = new ArrayList<>();
  final BitSet acked = new BitSet();

  SuiteChannel(String id, int type, String sender) {
    this.id = id;
    this.type = type;
    this.sender = sender;
  }

  String seenAs(String uid) {
    return type == 1 ? sender : id; // a person message shows the sender as the channel
  }
}

