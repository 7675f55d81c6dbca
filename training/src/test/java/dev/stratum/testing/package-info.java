/**
 * Tiny layers, an optimizer, losses and an in-memory loader written for the training-loop and
 * checkpoint tests, so that those tests depend on the contracts only.
 */
package dev.stratum.testing;
