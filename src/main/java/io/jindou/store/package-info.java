/**
 * Storage ports (interfaces with their ordering and durability contracts) and the write-plan records the
 * domain hands them ({@link io.jindou.store.MessagePlan}, {@link io.jindou.store.MembershipPlan},
 * {@link io.jindou.store.NewRow}, and for changes of stored messages {@link io.jindou.store.MutationPlan} and
 * {@link io.jindou.store.ReceiptPlan}, and {@link io.jindou.store.EventPlan} for stream events): the domain
 * decides what a write touches, an adapter applies it atomically and decides nothing. Also the port to a business server's {@link io.jindou.store.Datasource} (members, lists
 * and system uids Jindou does not hold; its HTTP adapter is {@code app.datasource}, since stores adapt no
 * protocol). Adapters live in sub-packages named by backend; only {@code io.jindou.app} names an adapter.
 */
package io.jindou.store;
