/**
 * In-process adapters for ports whose state a single node may keep in memory (the pending command-sync
 * generations). Bounded, so memory does not grow with every user ever seen. Only {@code io.jindou.app} names
 * them.
 */
package io.jindou.store.memory;
