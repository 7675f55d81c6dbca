/**
 * The {@code stratum} command: {@code train} (every model kind, into a run folder with checkpoints,
 * pictures and a report page), {@code evaluate}, {@code encode}, {@code reconstruct}, {@code
 * sample} (images from a VAE or a GAN), {@code anomaly} (scores and ROC AUC), {@code backends} and
 * the {@code demo}.
 *
 * <p>How it is put together, so that a new model kind is one class:
 *
 * <ul>
 *   <li>{@link dev.stratum.cli.kind}: a {@link dev.stratum.cli.kind.ModelKind} says how to build,
 *       train and judge one kind and which pictures it adds; capabilities ({@link
 *       dev.stratum.cli.kind.Encodes}, {@link dev.stratum.cli.kind.Reconstructs}, {@link
 *       dev.stratum.cli.kind.Samples}) switch on the commands and pictures that need them. The VAE
 *       implements all three; the GAN builds its own pair of optimizers and keeps its last epoch
 *       (no metric ranks its epochs); the recurrent classifier extends the classifiers' base class;
 *       the autoencoders module's kinds share one base class. Each is registered with one line in
 *       {@link dev.stratum.cli.kind.ModelKinds}.
 *   <li>{@link dev.stratum.cli.run}: the run folder's layout, its configuration, the per-epoch
 *       recorder (history, best and last checkpoints), the divergence guard and test-set
 *       evaluation, the same for every kind.
 *   <li>{@link dev.stratum.cli.picture}: PNGs with XChart (curves, maps of codes, ROC curves) and
 *       Java 2D (image grids).
 *   <li>{@link dev.stratum.cli.report}: the self-contained {@code report.html}.
 * </ul>
 *
 * <p>Errors: options are checked before data is loaded; a failure prints its message alone and
 * exits non-zero ({@code --verbose} for the stack trace); see {@code Errors}.
 */
package dev.stratum.cli;
