package io.jindou.model;

import java.util.List;

/**
 * One page of a node's connections, the reply to a {@link ConnzQuery}: the page, when it was taken, how many
 * connections matched in all, the offset and limit asked for, and the node. A plain value; the HTTP edge
 * renders it.
 */
public record ConnzPage(List<ConnectionInfo> connections, long now, int total, int offset, int limit, int nodeId) {
}
