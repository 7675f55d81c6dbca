package dev.stratum.recurrent;

import dev.stratum.backend.MatmulSpec;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.KernelOp;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.ArrayList;
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
 */
final class HiddenProjection {

  private final Tensor weight;
  private final List<Tensor> gradients = new ArrayList<>();
  private final List<Tensor> inputs = new ArrayList<>();
  private int created;

  /** The projection by {@code weight} ({@code [G, H]}). */
  HiddenProjection(Tensor weight) {
    this.weight = weight;
  }

  /** {@code hPrev·Wᵀ}: {@code [B, H] -> [B, G]}. */
  Tensor apply(Tensor hPrev) {
    int index = created++;
    int batch = hPrev.dim(0);
    int hidden = hPrev.dim(1);
    int rows = weight.dim(0);
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

  private Tensor[] gradients(Tensor g, Tensor hPrev, int index) {
    Tensor dh = hPrev.requiresGrad() ? g.matmul(weight) : null;
    if (!weight.requiresGrad()) {
      return new Tensor[] {dh, null};
    }
    if (Autograd.isRecording()) {
      return new Tensor[] {dh, g.matmul(hPrev, true, false)};
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
