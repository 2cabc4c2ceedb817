/**
 * The embedded RocksDB storage adapter (the single-node default): {@link io.jindou.store.rocksdb.RocksDbStore}
 * and the port implementations over one database, the key layout ({@code Keys}), and the one group-commit
 * writer thread that applies every write plan as one write batch with a synced WAL, keeping the caches that
 * only it changes (channel heads, conversation rows). Reads run on Vert.x worker threads. It owns how data is
 * laid out and made durable on one node; it never decides policy, visibility or who writes a row — the write
 * plans it is handed say that — and it never runs a blocking call on an event loop.
 */
package io.jindou.store.rocksdb;
