package io.jindou.webhook;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ids of webhook events: unique across nodes and restarts, kept with the event so that retries carry the same
 * one ({@code X-Jindou-Event-Id}). Each is a version 4 UUID of 122 random bits from {@link ThreadLocalRandom} (seeded
 * once from the system's entropy): an id has to be unique, not unguessable (posts are signed), and
 * {@link UUID#randomUUID()}'s shared SecureRandom costs microseconds per event. It never stores or reuses an id.
 */
final class EventIds {
  private EventIds() {
  }

  static String next() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return new UUID(r.nextLong() & ~0xF000L | 0x4000L, r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | Long.MIN_VALUE)
        .toString();
  }
}
