/**
 * JMH microbenchmarks of pure hot spots (not part of {@code jindou-bench.jar}, whose load tools drive a running
 * node): they compile with the tests and run with JMH's runner, as each class comment shows. They measure; they
 * never assert, and nothing in the server depends on them.
 */
package io.jindou.bench;
