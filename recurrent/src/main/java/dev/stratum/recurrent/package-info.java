/**
 * Recurrent networks. A {@link dev.stratum.recurrent.RecurrentCell} is one time step ({@link
 * dev.stratum.recurrent.SimpleRnnCell}, {@link dev.stratum.recurrent.LstmCell} and its variants,
 * {@link dev.stratum.recurrent.GruCell} in both reset-gate placements, {@link
 * dev.stratum.recurrent.MguCell}, or a cell of your own); {@link dev.stratum.recurrent.Recurrent}
 * runs a cell over a sequence, stacked and bidirectional, with lengths or masks, and returns the
 * outputs and final states ({@link dev.stratum.recurrent.RecurrentOutput}). Parameter names,
 * layouts and initialisation follow PyTorch's, so a PyTorch {@code state_dict} loads by name.
 * Backpropagation through time is autograd over the unrolled steps; truncated BPTT is the {@code
 * TrainingStep} in {@code dev.stratum.recurrent.train}.
 */
package dev.stratum.recurrent;
