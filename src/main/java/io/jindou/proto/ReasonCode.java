package io.jindou.proto;

/**
 * WuKongIM reason codes as they travel in CONNACK, SENDACK, SUBACK and DISCONNECT (spec §2.13, v3
 * {@code frame/common.go}; codes 0–25 are shared with GoProto v1.2.3 and the EasySDK, 26–29 are v3 only).
 *
 * <p>Constants only. It never decides which code a situation deserves: domain reasons are mapped to these numbers
 * once, in the gateway. Packets carry the raw u8 so that unknown codes from newer peers survive a round trip.
 */
public final class ReasonCode {
  public static final int UNKNOWN = 0;
  public static final int SUCCESS = 1;
  public static final int AUTH_FAIL = 2;
  public static final int SUBSCRIBER_NOT_EXIST = 3;
  public static final int IN_BLACKLIST = 4;
  public static final int CHANNEL_NOT_EXIST = 5;
  public static final int USER_NOT_ON_NODE = 6;
  public static final int SENDER_OFFLINE = 7;
  public static final int MSG_KEY_ERROR = 8;
  public static final int PAYLOAD_DECODE_ERROR = 9;
  public static final int FORWARD_SEND_PACKET_ERROR = 10;
  public static final int NOT_ALLOW_SEND = 11;
  public static final int CONNECT_KICK = 12;
  public static final int NOT_IN_WHITELIST = 13;
  public static final int QUERY_TOKEN_ERROR = 14;
  public static final int SYSTEM_ERROR = 15;
  public static final int CHANNEL_ID_ERROR = 16;
  public static final int NODE_MATCH_ERROR = 17;
  public static final int NODE_NOT_MATCH = 18;
  public static final int BAN = 19;
  public static final int NOT_SUPPORT_HEADER = 20;
  public static final int CLIENT_KEY_IS_EMPTY = 21;
  public static final int RATE_LIMIT = 22;
  public static final int NOT_SUPPORT_CHANNEL_TYPE = 23;
  public static final int DISBAND = 24;
  public static final int SEND_BAN = 25;
  /** v3 only. */
  public static final int CHANNEL_DELETING = 26;
  /** v3 only. */
  public static final int PROTOCOL_UPGRADE_REQUIRED = 27;
  /** v3 only. */
  public static final int IDEMPOTENCY_CONFLICT = 28;
  /** v3 only. */
  public static final int MESSAGE_SEQ_EXHAUSTED = 29;

  private static final String[] NAMES = {
    "Unknown", "Success", "AuthFail", "SubscriberNotExist", "InBlacklist", "ChannelNotExist", "UserNotOnNode",
    "SenderOffline", "MsgKeyError", "PayloadDecodeError", "ForwardSendPacketError", "NotAllowSend", "ConnectKick",
    "NotInWhitelist", "QueryTokenError", "SystemError", "ChannelIDError", "NodeMatchError", "NodeNotMatch", "Ban",
    "NotSupportHeader", "ClientKeyIsEmpty", "RateLimit", "NotSupportChannelType", "Disband", "SendBan",
    "ChannelDeleting", "ProtocolUpgradeRequired", "IdempotencyConflict", "MessageSeqExhausted",
  };

  private ReasonCode() {
  }

  /** The WuKongIM name of a code for logs, e.g. {@code "AuthFail"}; {@code "Reason(77)"} for unknown numbers. */
  public static String name(int code) {
    return code >= 0 && code < NAMES.length ? NAMES[code] : "Reason(" + code + ")";
  }
}
