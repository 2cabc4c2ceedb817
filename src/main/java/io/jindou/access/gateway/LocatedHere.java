package io.jindou.access.gateway;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * What {@link SessionRegistry#locate} found on this node: to the fan-out and its observers an unmodifiable list of
 * the uids with sessions here, and to this node's {@link LocalDelivery} each uid's session list as the lookup found
 * it, so a message to a big group looks its online members up once, not once to locate them and again to deliver.
 * The session lists are the registry's own (copy-on-write, so a session that opens or closes in between is seen as
 * the registry sees it); a uid whose last session closed has an empty one. It is built and read within one
 * {@code Fanout} call, on the caller's thread; batches from other nodes carry plain lists and are looked up again.
 */
final class LocatedHere extends AbstractList<String> implements RandomAccess {
  private final SessionRegistry registry;
  /** uid, its sessions, uid, its sessions, … (one array to grow). */
  private Object[] slots;
  private int size;

  LocatedHere(SessionRegistry registry, int capacity) {
    this.registry = registry;
    this.slots = new Object[2 * Math.max(4, capacity)];
  }

  void add(String uid, List<Session> of) {
    if (2 * size == slots.length) {
      slots = java.util.Arrays.copyOf(slots, slots.length * 2);
    }
    slots[2 * size] = uid;
    slots[2 * size++ + 1] = of;
  }

  /** Whether these are {@code registry}'s sessions (a list made by another node's registry is only uids). */
  boolean of(SessionRegistry r) {
    return registry == r;
  }

  /** The sessions of the {@code i}th uid, as the registry held them. */
  @SuppressWarnings("unchecked")
  List<Session> sessions(int i) {
    java.util.Objects.checkIndex(i, size);
    return (List<Session>) slots[2 * i + 1];
  }

  @Override
  public String get(int i) {
    java.util.Objects.checkIndex(i, size);
    return (String) slots[2 * i];
  }

  @Override
  public int size() {
    return size;
  }
}
