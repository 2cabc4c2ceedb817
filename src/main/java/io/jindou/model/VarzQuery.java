package io.jindou.model;

/**
 * What {@code /varz} asks a node for: its figures, plus the first {@code connLimit} connections when
 * {@code showConns} ({@code show=conn}).
 */
public record VarzQuery(boolean showConns, int connLimit) implements NodeCall<VarzFigures> {
}
