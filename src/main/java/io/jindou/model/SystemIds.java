package io.jindou.model;

/**
 * The reserved identities of the WuKongIM contract (spec http-api §2.12): the built-in system uid, which never
 * connects and is shown to clients as an empty sender, and the device id that marks a business server's trusted
 * send. Constants only; who counts as a system uid beyond the built-in one is {@code user.UserService}'s.
 */
public final class SystemIds {
  /** The built-in system account. */
  public static final String SYSTEM_UID = "____system";
  /** The device id of a trusted (business-server) send: it bypasses membership and bans, not disband. */
  public static final String SYSTEM_DEVICE_ID = "____device";

  private SystemIds() {
  }
}
