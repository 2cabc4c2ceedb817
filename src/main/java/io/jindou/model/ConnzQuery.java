package io.jindou.model;

/**
 * Which page of a node's connections {@code /connz} shows (spec http-api §1.1): connections whose uid contains
 * {@code uid} (null or empty = all), ordered by {@code sort} (a field name, optionally with {@code Desc}; null or
 * empty = by id), then {@code limit} of them from {@code offset}. The node holding the connections applies it, so
 * only one page crosses the cluster; what the sort names mean is {@code cluster.ConnzPages}'.
 */
public record ConnzQuery(int offset, int limit, String sort, String uid) implements NodeCall<ConnzPage> {
}
