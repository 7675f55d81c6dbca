package dev.stratum.recurrent;

import dev.stratum.backend.MatmulSpec;
import dev.stratum.backend.fused.PackedMatmul;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.KernelOp;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hidden projection {@code h_{t−1}·W_hhᵀ} of every step of one sequence, with the gradient of
 * {@code W_hh} computed as <em>one</em> matrix product over all steps, {@code Σ_t dz_tᵀ·h_{t−1} =
 * DZᵀ·H}, instead of one small product per step and a sum of {@code T} weight-sized gradients.
 *
 * <p>Each step's rule returns the gradient of {@code h_{t−1}} at once (the recursion needs it) and
 * keeps {@code dz_t}; the steps' rules run in reverse order of creation (step {@code t}'s
 * projection reads {@code h_{t−1}}, which step {@code t − 1} made), so the first projection made is
 * the last one differentiated, and its rule hands over the whole weight gradient. When a graph of
 * the gradient is asked for, every step returns its own {@code dz_tᵀ·h_{t−1}} in tensor ops
 * instead, which can be differentiated again.
 *
 * <p>Where the backend offers {@link PackedMatmul}, {@code Wᵀ} is packed once at the second step
 * and read by every later one (freed by {@link #finish}), and {@code W} once at the first step back
 * (freed at the last): the same numbers as a product per step, without packing the weight twice per
 * step. A single step packs nothing.
 */
final class HiddenProjection {

  private final Tensor weight;
  private final PackedMatmul packing;
  private final List<Tensor> gradients = new ArrayList<>();
  private final List<Tensor> inputs = new ArrayList<>();
  private int created;
  private Tensor packedForward;
  private Tensor packedBackward;

  /** The projection by {@code weight} ({@code [G, H]}). */
  HiddenProjection(Tensor weight) {
    this.weight = weight;
    this.packing = weight.backend().capability(PackedMatmul.class).orElse(null);
  }

  /** {@code hPrev·Wᵀ}: {@code [B, H] -> [B, G]}. */
  Tensor apply(Tensor hPrev) {
    int index = created++;
    int batch = hPrev.dim(0);
    int hidden = hPrev.dim(1);
    int rows = weight.dim(0);
    if (index == 1 && packing != null) {
      // a second step: the sequence is longer than one, so Wᵀ is packed once for all the rest
      packedForward = pack(hidden, rows, true);
    }
    if (packedForward != null) {
      Tensor packed = packedForward;
      return KernelOp.apply(
              "hiddenProjection",
              List.of(new int[] {batch, rows}),
              (in, out) -> packing.multiply(in[0], batch, hidden, rows, in[2], out[0]),
              grads -> Arrays.copyOf(gradients(grads[0], hPrev, index), 3),
              hPrev,
              weight,
              packed)
          .get(0);
    }
    MatmulSpec spec = new MatmulSpec(1, batch, rows, hidden, false, true, 0, 0);
    return KernelOp.apply(
            "hiddenProjection",
            List.of(new int[] {batch, rows}),
            (in, out) -> hPrev.backend().matmul(spec, in[0], in[1], out[0]),
            grads -> gradients(grads[0], hPrev, index),
            hPrev,
            weight)
        .get(0);
  }

  /**
   * Ends the forward pass over the sequence: frees the packed {@code Wᵀ}. The backward pass packs
   * its own {@code W} when it runs.
   */
  void finish() {
    if (packedForward != null) {
      packedForward.close();
      packedForward = null;
    }
  }

  /** {@code op(W)} of {@code k × n} packed by the backend, outside every scope and graph. */
  private Tensor pack(int k, int n, boolean transposed) {
    try (NoGrad ignored = Autograd.noGrad()) {
      Tensor packed =
          KernelOp.apply(
                  "packHiddenWeight",
                  List.of(new int[] {packing.packedSize(k, n)}),
                  (in, out) -> packing.pack(in[0], k, n, transposed, out[0]),
                  null,
                  weight)
              .get(0);
      return TensorScope.unscoped(packed);
    }
  }

  /** {@code g·W}: {@code [B, G] -> [B, H]}, from a packed W after the first step back. */
  private Tensor backProject(Tensor g, int index) {
    int batch = g.dim(0);
    int rows = weight.dim(0);
    int hidden = weight.dim(1);
    if (packing != null && packedBackward == null && index > 0) {
      packedBackward = pack(rows, hidden, false);
    }
    if (packedBackward == null) {
      return g.matmul(weight);
    }
    Tensor packed = packedBackward;
    return KernelOp.apply(
            "hiddenProjectionBackward",
            List.of(new int[] {batch, hidden}),
            (in, out) -> packing.multiply(in[0], batch, rows, hidden, in[1], out[0]),
            null,
            g,
            packed)
        .get(0);
  }

  private Tensor[] gradients(Tensor g, Tensor hPrev, int index) {
    if (Autograd.isRecording()) {
      // a graph of the gradient: tensor ops only, which can be differentiated again
      return new Tensor[] {
        hPrev.requiresGrad() ? g.matmul(weight) : null,
        weight.requiresGrad() ? g.matmul(hPrev, true, false) : null
      };
    }
    Tensor dh;
    try {
      dh = hPrev.requiresGrad() ? backProject(g, index) : null;
    } finally {
      if (index == 0 && packedBackward != null) {
        packedBackward.close();
        packedBackward = null;
      }
    }
    if (!weight.requiresGrad()) {
      return new Tensor[] {dh, null};
    }
    gradients.add(TensorScope.unscoped(g.detach()));
    inputs.add(hPrev);
    if (index != 0) {
      return new Tensor[] {dh, null};
    }
    try {
      Tensor dz = gradients.size() == 1 ? gradients.get(0) : Tensor.concat(gradients, 0);
      Tensor h = inputs.size() == 1 ? inputs.get(0) : Tensor.concat(inputs, 0);
      return new Tensor[] {dh, dz.matmul(h, true, false)};
    } finally {
      gradients.forEach(Tensor::close);
      gradients.clear();
      inputs.clear();
    }
  }
}
