package dev.stratum.backend.fused;

import dev.stratum.backend.Storage;

/**
 * The element-wise tail of a GRU step in PyTorch's form (the reset gate applied to {@code W_hn·h +
 * b_hn}, cuDNN's and Keras' {@code reset_after=True}) and its backward pass, each in one pass over
 * the batch.
 *
 * <p>Layout: {@code batch} rows of {@code hidden} units; a gate matrix is {@code [batch, 3·hidden]}
 * with the blocks in PyTorch's order {@code r, z, n} (unit {@code j} of block {@code k} in row
 * {@code r} is element {@code r·3·hidden + k·hidden + j}); {@code bhh} is {@code [3·hidden]};
 * states are {@code [batch, hidden]}. {@code xp = x·W_ihᵀ + b_ih} and {@code hh = h·W_hhᵀ} come in;
 * the hidden bias is added here because the reset gate multiplies it.
 *
 * <p><b>Forward</b>, per row and unit, each sum and product rounded to float on its own in this
 * order, {@code σ} and {@code tanh} as the backend's {@code unary}:
 *
 * <pre>
 * a_k = hh_k + bhh_k                       (k = r, z, n; bhh null: a_k = hh_k)
 * r = σ(xp_r + a_r)    z = σ(xp_z + a_z)
 * n = tanh(xp_n + r·a_n)
 * h = (1 − z)·n + z·hPrev
 * saved = [r, z, n, a_n]                   ([batch, 4·hidden], for the backward pass)
 * </pre>
 *
 * <p><b>Backward</b>, from {@code saved}, {@code hPrev} and {@code dh}:
 *
 * <pre>
 * dn_pre = (dh·(1 − z))·(1 − n·n)
 * dz_pre = (dh·hPrev − dh·n)·(z·(1 − z))
 * dr_pre = (dn_pre·a_n)·(r·(1 − r))
 * dxp  = [dr_pre, dz_pre, dn_pre]          dhh = [dr_pre, dz_pre, dn_pre·r]
 * dhPrev = dh·z                            (the direct path; the matrix product adds the rest)
 * </pre>
 *
 * <p>Like {@link FusedLstmCell}, both equal the tensor-op composition the recurrent module runs
 * where a backend does not offer this capability, bit for bit in sums and products and within
 * {@code unary}'s tolerance where a sigmoid or tanh enters.
 */
public interface FusedGruCell {

  /**
   * The forward tail. {@code xp}, {@code hh} are {@code [batch, 3·hidden]}, {@code bhh} is {@code
   * [3·hidden]} or {@code null}, {@code hPrev} and {@code h} are {@code [batch, hidden]}, {@code
   * saved} is {@code [batch, 4·hidden]}. Outputs overlap neither the inputs nor each other.
   */
  void forward(
      Storage xp,
      Storage hh,
      Storage bhh,
      Storage hPrev,
      int batch,
      int hidden,
      Storage saved,
      Storage h);

  /**
   * The backward tail: writes {@code dxp} and {@code dhh} ({@code [batch, 3·hidden]}) and {@code
   * dhPrev} ({@code [batch, hidden]}); outputs overlap no input.
   */
  void backward(
      Storage saved,
      Storage hPrev,
      Storage dh,
      int batch,
      int hidden,
      Storage dxp,
      Storage dhh,
      Storage dhPrev);
}
