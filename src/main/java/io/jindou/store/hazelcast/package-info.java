/**
 * Adapters that keep shared, loss-tolerant state in the Hazelcast cluster that cluster mode already runs
 * (the pending command-sync generations). Only {@code io.jindou.app} names them; they never decide anything.
 */
package io.jindou.store.hazelcast;
