package dev.stratum.recurrent;

import dev.stratum.backend.fused.FusedGruCell;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.KernelOp;
import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Optional;

/**
 * The element-wise tail of a GRU step in PyTorch's form, {@code (xp, hh, b_hh, h_{t−1}) -> h_t}:
 * the backend's {@link FusedGruCell} where it offers one, else the tensor-op composition that
 * capability is defined by ({@link #composed}).
 */
final class GruTail {

  private GruTail() {}

  /** {@code h_t} from {@code xp = x·W_ihᵀ + b_ih}, {@code hh = h·W_hhᵀ}, {@code bhh} (or null). */
  static Tensor apply(Tensor xp, Tensor hh, Tensor bhh, Tensor hPrev) {
    Optional<FusedGruCell> fused = xp.backend().capability(FusedGruCell.class);
    return fused.isPresent()
        ? fused(fused.get(), xp, hh, bhh, hPrev)
        : composed(xp, hh, bhh, hPrev);
  }

  /** {@code (1 − z)*n + z*h_{t−1}}. */
  static Tensor update(Tensor z, Tensor n, Tensor hPrev) {
    return z.neg().add(1f).mul(n).add(z.mul(hPrev));
  }

  /** The composition of tensor ops that {@link FusedGruCell} replaces. */
  static Tensor composed(Tensor xp, Tensor hh, Tensor bhh, Tensor hPrev) {
    int batch = hPrev.dim(0);
    int hidden = hPrev.dim(1);
    Tensor withBias = bhh == null ? hh : hh.biasActivation(bhh, null, 0f);
    List<Tensor> x = xp.reshape(batch, 3, hidden).unbind(1);
    List<Tensor> a = withBias.reshape(batch, 3, hidden).unbind(1);
    Tensor r = x.get(0).add(a.get(0)).sigmoid();
    Tensor z = x.get(1).add(a.get(1)).sigmoid();
    Tensor n = x.get(2).add(r.mul(a.get(2))).tanh();
    return update(z, n, hPrev);
  }

  private static Tensor fused(FusedGruCell kernel, Tensor xp, Tensor hh, Tensor bhh, Tensor hPrev) {
    int batch = hPrev.dim(0);
    int hidden = hPrev.dim(1);
    int[] state = {batch, hidden};
    int[] gates = {batch, 3 * hidden};
    int[] savedShape = {batch, 4 * hidden};
    Tensor[] saved = new Tensor[1];
    Tensor[] inputs =
        bhh == null ? new Tensor[] {xp, hh, hPrev} : new Tensor[] {xp, hh, hPrev, bhh};
    List<Tensor> out =
        KernelOp.apply(
            "gruCell",
            List.of(state, savedShape),
            (in, o) ->
                kernel.forward(
                    in[0], in[1], bhh == null ? null : in[3], in[2], batch, hidden, o[1], o[0]),
            grads -> {
              Tensor dh = grads[0];
              if (dh == null) {
                return new Tensor[inputs.length];
              }
              if (Autograd.isRecording()) {
                return composedGradients(xp, hh, bhh, hPrev, dh);
              }
              List<Tensor> d =
                  KernelOp.apply(
                      "gruCellBackward",
                      List.of(gates, gates, state),
                      (in, o) ->
                          kernel.backward(in[0], in[1], in[2], batch, hidden, o[0], o[1], o[2]),
                      null,
                      saved[0],
                      hPrev,
                      dh);
              Tensor dbhh = bhh == null ? null : d.get(1).sum(false, 0);
              return bhh == null
                  ? new Tensor[] {d.get(0), d.get(1), d.get(2)}
                  : new Tensor[] {d.get(0), d.get(1), d.get(2), dbhh};
            },
            inputs);
    saved[0] = out.get(1);
    return out.get(0);
  }

  /**
   * The backward formulas of {@link FusedGruCell} in tensor ops, from the inputs, for a graph of
   * the gradient; gradients in the order {@code xp, hh, hPrev, bhh}.
   */
  static Tensor[] composedGradients(Tensor xp, Tensor hh, Tensor bhh, Tensor hPrev, Tensor dh) {
    int batch = hPrev.dim(0);
    int hidden = hPrev.dim(1);
    Tensor withBias = bhh == null ? hh : hh.biasActivation(bhh, null, 0f);
    List<Tensor> x = xp.reshape(batch, 3, hidden).unbind(1);
    List<Tensor> a = withBias.reshape(batch, 3, hidden).unbind(1);
    Tensor r = x.get(0).add(a.get(0)).sigmoid();
    Tensor z = x.get(1).add(a.get(1)).sigmoid();
    Tensor n = x.get(2).add(r.mul(a.get(2))).tanh();
    Tensor dn = dh.mul(z.neg().add(1f)).mul(n.square().neg().add(1f));
    Tensor dz = dh.mul(hPrev).sub(dh.mul(n)).mul(z.mul(z.neg().add(1f)));
    Tensor dr = dn.mul(a.get(2)).mul(r.mul(r.neg().add(1f)));
    Tensor dxp = Tensor.concat(List.of(dr, dz, dn), 1);
    Tensor dhh = Tensor.concat(List.of(dr, dz, dn.mul(r)), 1);
    Tensor dhPrev = dh.mul(z);
    return bhh == null
        ? new Tensor[] {dxp, dhh, dhPrev}
        : new Tensor[] {dxp, dhh, dhPrev, dhh.sum(false, 0)};
  }
}
