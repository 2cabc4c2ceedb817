/**
 * Storage ports (interfaces with their ordering and durability contracts) and the write-plan records the
 * domain hands them ({@link io.jindou.store.MessagePlan}, {@link io.jindou.store.MembershipPlan},
 * {@link io.jindou.store.NewRow}): the domain decides what a write touches, an adapter applies it atomically
 * and decides nothing. Adapters live in sub-packages named by backend; only {@code io.jindou.app} names an
 * adapter.
 */
package io.jindou.store;
