package io.jindou.access.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The key that stands for one client in per-address limits: an IPv4 address as is, and an IPv6 address by its
 * /64 prefix (one subscriber line or host gets a whole /64, so a per-address limit on full IPv6 addresses would
 * count one attacker as 2^64 clients). An IPv4-mapped IPv6 address counts as its IPv4 address. Pure; it never
 * resolves a name (the hosts it gets are the literal addresses a socket reports).
 */
public final class ClientAddress {
  private ClientAddress() {
  }

  /** The limit key of a socket's remote host: {@code 203.0.113.7}, {@code 2001:db8:1:2::/64}; "" stays "". */
  public static String key(String host) {
    if (host == null || host.isEmpty()) {
      return "";
    }
    if (host.indexOf(':') < 0) {
      return host; // IPv4 (or a name, which a socket does not report): as is
    }
    InetAddress a;
    try {
      a = InetAddress.getByName(host); // a literal: parsed, never looked up
    } catch (UnknownHostException | SecurityException e) {
      return host;
    }
    if (a instanceof Inet4Address) {
      return a.getHostAddress(); // ::ffff:a.b.c.d
    }
    if (a instanceof Inet6Address) {
      byte[] b = a.getAddress();
      StringBuilder sb = new StringBuilder(24);
      for (int i = 0; i < 8; i += 2) {
        sb.append(Integer.toHexString((b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF))).append(':');
      }
      return sb.append(":/64").toString();
    }
    return host;
  }
}
