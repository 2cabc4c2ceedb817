/**
 * The HTTP adapter of the {@link io.jindou.store.Datasource} port: a business server's WuKongIM datasource
 * endpoint, asked with WuKongIM's request and answer shapes. It lives beside the composition root, which alone
 * chooses it, because adapting an outbound protocol is not the stores' or the domain's business.
 */
package io.jindou.app.datasource;
