/**
 * Hyper-parameter selection: a {@link dev.stratum.search.SearchSpace}, grid and random search run
 * in parallel ({@link dev.stratum.search.HyperparameterSearch}) with results as a table and CSV,
 * cross-validation over {@link dev.stratum.data.Splits}' folds ({@link
 * dev.stratum.search.CrossValidation}), and the learning-rate range test ({@link
 * dev.stratum.search.LearningRateRangeTest}).
 */
package dev.stratum.search;
