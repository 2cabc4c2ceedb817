package io.jindou.model;

/**
 * A stored device credential: the token {@code /user/token} set for one uid and device flag, and the device
 * level (0 slave, 1 master). A plain value; comparing a presented token with it is {@code user.UserService}'s
 * job, in constant time, and it must never be shown whole outside the store and that comparison.
 */
public record DeviceToken(String token, int deviceLevel) {
}
