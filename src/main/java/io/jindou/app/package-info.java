/**
 * Composition root: configuration, process start and stop, deployment of every verticle. The only package
 * that names concrete adapters.
 */
package io.jindou.app;
