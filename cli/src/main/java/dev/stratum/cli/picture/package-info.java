/**
 * The pictures of a run, as PNG: metric curves, maps of codes and ROC curves with XChart, grids of
 * images with Java 2D. They look alike (one {@code Charts} style, one {@code Palette}) and take
 * plain arrays, so they know nothing of models.
 */
package dev.stratum.cli.picture;
