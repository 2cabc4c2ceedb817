/**
 * Composition root: configuration, process start and stop, deployment of every verticle, and the startup
 * decisions about exposure (which address each HTTP listener may bind without a manager token, TLS key
 * material). The only package that names concrete adapters.
 */
package io.jindou.app;
