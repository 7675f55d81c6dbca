/**
 * What every training run shares whatever its kind: the run folder and its configuration, the
 * callbacks that record each epoch and stop a diverging run, the data source and test-set
 * evaluation.
 */
package dev.stratum.cli.run;
