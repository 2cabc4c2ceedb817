/**
 * The HTTP adapter of the {@link io.jindou.store.Datasource} port: a business server's WuKongIM datasource
 * endpoint, asked with WuKongIM's request and answer shapes. Named only by the composition root.
 */
package io.jindou.store.http;
