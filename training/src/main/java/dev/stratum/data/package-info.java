/**
 * Data: {@link dev.stratum.data.Dataset}s of fixed-shape samples held on the host (in memory as
 * {@link dev.stratum.data.ArrayDataset}, with cheap subset, reshape and one-hot views), the {@link
 * dev.stratum.data.DataLoader} that turns them into {@link dev.stratum.data.Batch}es on a backend
 * (seeded shuffling, partial last batch, prefetching), readers for the IDX (MNIST, Fashion-MNIST)
 * and CSV formats, seeded train/validation and k-fold {@link dev.stratum.data.Splits}, and input
 * {@link dev.stratum.data.Transform}s (normalisation, Gaussian and masking noise).
 */
package dev.stratum.data;
