/**
 * Data: {@link dev.stratum.data.Batch}es of inputs and targets, data sets and loaders, readers for
 * the IDX (MNIST) and CSV formats, splits and input transforms.
 */
package dev.stratum.data;
