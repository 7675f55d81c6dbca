package dev.stratum.benchmarks;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.Backends;
import dev.stratum.backend.vector.VectorBackend;
import dev.stratum.layers.LayerOptions;
import dev.stratum.recurrent.Recurrent;
import dev.stratum.recurrent.RecurrentOutput;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Workload 4 of {@code WORKLOADS.md}: one recurrent layer (LSTM, GRU or tanh RNN), input 32, hidden
 * 128, sequence 50, batch 64, with biases; input {@code [50, 64, 32]} ~ N(0, 1), zero initial
 * state. One iteration is the forward pass over the 50 steps, loss = sum of the last hidden state,
 * and the backward pass through every step (all weight gradients), with no optimizer step. Prints
 * one JSON line: sequences/s of each timed repetition (min / median / max).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... dev.stratum.benchmarks.RecurrentWorkload \
 *     cell=lstm threads=1 backend=vector reps=7 seconds=2
 * </pre>
 */
public final class RecurrentWorkload {

  private RecurrentWorkload() {}

  public static void main(String[] args) {
    Map<String, String> a = KeyValueArgs.parse(args);
    String cell = a.getOrDefault("cell", "lstm");
    int threads = Integer.parseInt(a.getOrDefault("threads", "1"));
    String backendName = a.getOrDefault("backend", "vector");
    int reps = Integer.parseInt(a.getOrDefault("reps", "7"));
    double seconds = Double.parseDouble(a.getOrDefault("seconds", "2"));
    int time = 50;
    int batch = 64;
    int input = 32;
    int hidden = 128;
    Map<String, String> options = new HashMap<>();
    options.put("threads", Integer.toString(threads));
    try (Backend backend = Backends.create(backendName, new BackendOptions(options));
        Recurrent layer = build(cell, input, hidden, LayerOptions.defaults().on(backend).seed(1));
        Tensor x =
            TensorScope.unscoped(new Generator(2).normal(backend, 0f, 1f, time, batch, input))) {
      // warm-up: C2 compiles the kernels
      long warmEnd = System.nanoTime() + (long) (Math.max(3, seconds) * 1e9);
      while (System.nanoTime() < warmEnd) {
        iteration(layer, x);
      }
      double[] rates = new double[reps];
      double[] cpuRates = new double[reps];
      java.lang.management.ThreadMXBean cpu =
          java.lang.management.ManagementFactory.getThreadMXBean();
      long freshBefore = freshArrays(backend);
      long iterations = 0;
      for (int r = 0; r < reps; r++) {
        int n = 0;
        long cpuStart = cpu.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
          iteration(layer, x);
          n++;
          now = System.nanoTime();
        } while (now < end);
        iterations += n;
        rates[r] = n * batch / ((now - start) / 1e9);
        cpuRates[r] = n * batch / ((cpu.getCurrentThreadCpuTime() - cpuStart) / 1e9);
      }
      double[] cpuSorted = cpuRates.clone();
      Arrays.sort(cpuSorted);
      double[] sorted = rates.clone();
      Arrays.sort(sorted);
      System.out.printf(
          Locale.ROOT,
          "{\"workload\": \"recurrent-%s\", \"cell\": \"%s\", \"backend\": \"%s\", \"device\":"
              + " \"%s\", \"threads\": %d, \"sequences_per_s\": {\"min\": %.1f, \"median\": %.1f,"
              + " \"max\": %.1f, \"all\": %s}, \"main_thread_cpu_sequences_per_s\": {\"median\":"
              + " %.1f}, \"fresh_arrays_per_iteration\": %.2f}%n",
          cell,
          cell,
          backendName,
          backend.device(),
          threads,
          sorted[0],
          sorted[reps / 2],
          sorted[reps - 1],
          Arrays.toString(rates),
          cpuSorted[reps / 2],
          (double) (freshArrays(backend) - freshBefore) / iterations);
    }
  }

  private static Recurrent build(String cell, int input, int hidden, LayerOptions options) {
    Recurrent.Builder b =
        switch (cell) {
          case "lstm" -> Recurrent.lstm(input, hidden);
          case "gru" -> Recurrent.gru(input, hidden);
          case "rnn" -> Recurrent.rnn(input, hidden);
          default -> throw new IllegalArgumentException("cell must be lstm, gru or rnn: " + cell);
        };
    return b.sequenceFirst(true).build(options);
  }

  /** New heap arrays the vector backend has made (pool misses), or 0 on another backend. */
  private static long freshArrays(Backend backend) {
    return backend instanceof VectorBackend vector ? vector.freshArrays() : 0;
  }

  /** Forward over every step, loss = sum of h_T, backward; gradients dropped. */
  private static void iteration(Recurrent layer, Tensor x) {
    try (TensorScope scope = TensorScope.open()) {
      RecurrentOutput out = layer.forward(x, null, (Tensor) null);
      out.h().sum().backward();
      layer.parameters().values().forEach(Tensor::zeroGrad);
    }
  }
}
