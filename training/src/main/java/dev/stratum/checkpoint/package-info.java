/**
 * Checkpoints: a model's parameters and buffers in the safetensors format, its architecture as
 * JSON, and the optimizer state, written atomically. {@link dev.stratum.checkpoint.Checkpoint} is
 * the entry point; {@link dev.stratum.checkpoint.SafeTensors} reads and writes the file format on
 * host arrays; {@link dev.stratum.checkpoint.AtomicFiles} holds the write-then-rename discipline
 * the training logs share.
 */
package dev.stratum.checkpoint;
