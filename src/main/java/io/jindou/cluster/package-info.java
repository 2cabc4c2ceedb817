/**
 * Cluster plumbing: the channel ring, membership (single-node now, Hazelcast in cluster mode) and the
 * event-bus address scheme. Never decides message policy and never stores anything.
 */
package io.jindou.cluster;
