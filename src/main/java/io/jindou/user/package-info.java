/**
 * Users: device tokens, device levels and system uids. Never decides channel policy and never touches
 * connections.
 */
package io.jindou.user;
