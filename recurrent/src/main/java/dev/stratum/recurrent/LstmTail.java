package dev.stratum.recurrent;

import dev.stratum.backend.Storage;
import dev.stratum.backend.fused.FusedLstmCell;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.KernelOp;
import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Optional;

/**
 * The element-wise tail of a standard LSTM step, {@code (xp, hh, C_{t−1}) -> (h_t, C_t)} with
 * {@code z = xp + hh}: the backend's {@link FusedLstmCell} where it offers one, else the tensor-op
 * composition that capability is defined by ({@link #composed}).
 */
final class LstmTail {

  private LstmTail() {}

  /** {@code [h, c]} from the projections {@code [B, 4H]} and the previous cell {@code [B, H]}. */
  static List<Tensor> apply(Tensor xp, Tensor hh, Tensor cPrev, int hidden) {
    Optional<FusedLstmCell> fused = xp.backend().capability(FusedLstmCell.class);
    return fused.isPresent() ? fused(fused.get(), xp, hh, cPrev, hidden) : composed(xp, hh, cPrev);
  }

  /** The composition of tensor ops that {@link FusedLstmCell} replaces. */
  static List<Tensor> composed(Tensor xp, Tensor hh, Tensor cPrev) {
    int batch = cPrev.dim(0);
    int hidden = cPrev.dim(1);
    List<Tensor> z = xp.add(hh).reshape(batch, 4, hidden).unbind(1);
    Tensor i = z.get(0).sigmoid();
    Tensor f = z.get(1).sigmoid();
    Tensor g = z.get(2).tanh();
    Tensor o = z.get(3).sigmoid();
    Tensor c = f.mul(cPrev).add(i.mul(g));
    Tensor h = o.mul(c.tanh());
    return List.of(h, c);
  }

  private static List<Tensor> fused(
      FusedLstmCell kernel, Tensor xp, Tensor hh, Tensor cPrev, int hidden) {
    int batch = cPrev.dim(0);
    int[] state = {batch, hidden};
    int[] gatesShape = {batch, 4 * hidden};
    Tensor[] outputs = new Tensor[3];
    List<Tensor> out =
        KernelOp.apply(
            "lstmCell",
            List.of(state, state, gatesShape),
            (in, o) -> kernel.forward(in[0], in[1], in[2], batch, hidden, o[2], o[1], o[0]),
            grads -> {
              if (Autograd.isRecording()) {
                // a graph of the gradient was asked for: differentiate the composition instead,
                // from the inputs, so that second derivatives are those of tensor ops
                return composedGradients(xp, hh, cPrev, grads[0], grads[1]);
              }
              Tensor dh = grads[0];
              Tensor dc = grads[1];
              List<Tensor> d =
                  KernelOp.apply(
                      "lstmCellBackward",
                      List.of(gatesShape, state),
                      (in, o) ->
                          kernel.backward(
                              in[0],
                              in[1],
                              in[2],
                              storageOrNull(in, 3, dh),
                              storageOrNull(in, dh == null ? 3 : 4, dc),
                              batch,
                              hidden,
                              o[0],
                              o[1]),
                      null,
                      present(outputs[2], cPrev, outputs[1], dh, dc));
              return new Tensor[] {d.get(0), d.get(0), d.get(1)};
            },
            xp,
            hh,
            cPrev);
    outputs[0] = out.get(0);
    outputs[1] = out.get(1);
    outputs[2] = out.get(2);
    return List.of(out.get(0), out.get(1));
  }

  private static Tensor[] present(Tensor gates, Tensor cPrev, Tensor c, Tensor dh, Tensor dc) {
    if (dh != null && dc != null) {
      return new Tensor[] {gates, cPrev, c, dh, dc};
    }
    if (dh != null || dc != null) {
      return new Tensor[] {gates, cPrev, c, dh != null ? dh : dc};
    }
    return new Tensor[] {gates, cPrev, c};
  }

  /** The storage of a gradient that is present, at the position {@link #present} gave it. */
  private static Storage storageOrNull(Storage[] in, int index, Tensor gradient) {
    return gradient == null ? null : in[index];
  }

  /**
   * The backward formulas of {@link FusedLstmCell} in tensor ops, from the inputs: what a graph of
   * the gradient is built from, so that it can be differentiated again.
   */
  static Tensor[] composedGradients(Tensor xp, Tensor hh, Tensor cPrev, Tensor dh, Tensor dc) {
    int batch = cPrev.dim(0);
    int hidden = cPrev.dim(1);
    List<Tensor> z = xp.add(hh).reshape(batch, 4, hidden).unbind(1);
    Tensor i = z.get(0).sigmoid();
    Tensor f = z.get(1).sigmoid();
    Tensor g = z.get(2).tanh();
    Tensor o = z.get(3).sigmoid();
    Tensor c = f.mul(cPrev).add(i.mul(g));
    Tensor tau = c.tanh();
    Tensor dcTotal = dc;
    Tensor dzo = null;
    if (dh != null) {
      Tensor fromH = dh.mul(o).mul(tau.square().neg().add(1f));
      dcTotal = dcTotal == null ? fromH : dcTotal.add(fromH);
      dzo = dh.mul(tau).mul(sigmoidSlope(o));
    } else {
      dzo = Tensor.zeros(xp.backend(), batch, hidden);
    }
    if (dcTotal == null) {
      dcTotal = Tensor.zeros(xp.backend(), batch, hidden);
    }
    Tensor dzi = dcTotal.mul(g).mul(sigmoidSlope(i));
    Tensor dzf = dcTotal.mul(cPrev).mul(sigmoidSlope(f));
    Tensor dzg = dcTotal.mul(i).mul(g.square().neg().add(1f));
    Tensor dz = Tensor.concat(List.of(dzi, dzf, dzg, dzo), 1);
    return new Tensor[] {dz, dz, dcTotal.mul(f)};
  }

  /** {@code y·(1 − y)}, the sigmoid's derivative from its output. */
  private static Tensor sigmoidSlope(Tensor y) {
    return y.mul(y.neg().add(1f));
  }
}
