package io.jindou.model;

/**
 * The flags of a channel as set by {@code POST /channel} and {@code /channel/info}. A plain value; it never
 * holds subscribers (those are stored as a set beside it).
 */
public record ChannelInfo(boolean ban, boolean disband, boolean sendBan, boolean allowStranger, boolean large) {

  public static final ChannelInfo DEFAULT = new ChannelInfo(false, false, false, false, false);
}
