package io.jindou.model;

/**
 * WuKongIM channel types (spec http-api §2.1) and the checks that depend only on the number. It owns the
 * list of valid types; it must never hold policy that needs channel state (that is {@code channel.SendPolicy}).
 */
public final class ChannelType {
  public static final int PERSON = 1;
  public static final int GROUP = 2;
  public static final int CUSTOMER_SERVICE = 3;
  public static final int COMMUNITY = 4;
  public static final int COMMUNITY_TOPIC = 5;
  public static final int INFO = 6;
  public static final int DATA = 7;
  public static final int TEMP = 8;
  public static final int LIVE = 9;
  public static final int VISITORS = 10;
  public static final int AGENT = 11;
  public static final int AGENT_GROUP = 12;

  private ChannelType() {
  }

  public static boolean isValid(long type) {
    return type >= PERSON && type <= AGENT_GROUP;
  }

  /**
   * Whether channels of this type keep per-user conversation rows: data, temp and live channels never get
   * conversations (spec http-api §2.1). The one place this rule is written: the channel domain plans row writes
   * by it, the conversation domain reads by it, and the stores never look at types.
   */
  public static boolean keepsConversations(int type) {
    return type != DATA && type != TEMP && type != LIVE;
  }
}
