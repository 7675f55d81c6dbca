/**
 * Hyper-parameter selection: a {@link dev.stratum.optimizers.search.SearchSpace}, grid and random
 * search run in parallel ({@link dev.stratum.optimizers.search.HyperparameterSearch}) with results
 * as a table and CSV, hold-out and k-fold splits ({@link
 * dev.stratum.optimizers.search.CrossValidation}), and the learning-rate range test ({@link
 * dev.stratum.optimizers.search.LearningRateRangeTest}).
 */
package dev.stratum.optimizers.search;
