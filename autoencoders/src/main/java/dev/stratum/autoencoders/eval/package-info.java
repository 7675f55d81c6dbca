/**
 * The measures the applications of autoencoders are judged by, computed in the project on host
 * arrays so that any model can be scored: {@link dev.stratum.autoencoders.eval.Features} (a model's
 * codes or scores of a data set, in batches), {@link dev.stratum.autoencoders.eval.RocAuc} (anomaly
 * detection), {@link dev.stratum.autoencoders.eval.Psnr} (denoising), {@link
 * dev.stratum.autoencoders.eval.NearestNeighbours} (how well a low-dimensional code keeps the
 * classes apart), {@link dev.stratum.autoencoders.eval.HammingRetrieval} (semantic hashing) and
 * {@link dev.stratum.autoencoders.eval.LinearProbe} (codes as features for a classifier).
 */
package dev.stratum.autoencoders.eval;
