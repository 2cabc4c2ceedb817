/**
 * Storage ports (interfaces with their ordering and durability contracts). Adapters live in sub-packages
 * named by backend; only {@code io.jindou.app} names an adapter.
 */
package io.jindou.store;
