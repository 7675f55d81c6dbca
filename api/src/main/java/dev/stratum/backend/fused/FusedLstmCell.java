package dev.stratum.backend.fused;

import dev.stratum.backend.Storage;

/**
 * The element-wise tail of an LSTM step and its backward pass, each in one pass over the batch
 * (instead of about ten element-wise kernels, four slices and their temporaries per step).
 *
 * <p>Layout: {@code batch} rows of {@code hidden} units; a gate matrix is {@code [batch, 4·hidden]}
 * with the blocks in PyTorch's order {@code i, f, g, o}, so unit {@code j} of gate {@code k} in row
 * {@code r} is element {@code r·4·hidden + k·hidden + j}; states are {@code [batch, hidden]}.
 *
 * <p><b>Forward</b>, per row and unit, each sum and product rounded to float on its own in this
 * order (no fused multiply-add), {@code σ} and {@code tanh} as the backend's {@code unary(SIGMOID)}
 * and {@code unary(TANH)}:
 *
 * <pre>
 * z     = xp + hh                       (per gate: the input and the hidden projections)
 * i = σ(z_i)   f = σ(z_f)   g = tanh(z_g)   o = σ(z_o)
 * c     = f·cPrev + i·g
 * h     = o·tanh(c)
 * gates = [i, f, g, o]                  (kept for the backward pass)
 * </pre>
 *
 * <p><b>Backward</b>, from {@code gates}, {@code cPrev}, {@code c} and the gradients {@code dh},
 * {@code dc} reaching {@code h} and {@code c} (a {@code null} storage stands for zeros), with
 * {@code τ = tanh(c)}:
 *
 * <pre>
 * dcTotal = dc + (dh·o)·(1 − τ·τ)
 * dz_i = (dcTotal·g)·(i·(1 − i))          dz_f = (dcTotal·cPrev)·(f·(1 − f))
 * dz_g = (dcTotal·i)·(1 − g·g)            dz_o = (dh·τ)·(o·(1 − o))
 * dcPrev = dcTotal·f
 * </pre>
 *
 * <p>Both equal the composition of core kernels the recurrent module runs where a backend does not
 * offer this capability ({@code binary ADD} of the projections, {@code unary} SIGMOID/TANH of the
 * four blocks, {@code binary MUL}/{@code ADD} for the state; autograd's rules of those ops for the
 * backward) bit for bit in every sum and product, and within {@code unary}'s own tolerance where a
 * sigmoid or tanh enters: a vectorised {@code unary} may round an element differently in its body
 * and its tail, so the two need not agree in the last bit there.
 */
public interface FusedLstmCell {

  /**
   * The forward tail. {@code xp} and {@code hh} are {@code [batch, 4·hidden]}; {@code cPrev},
   * {@code c} and {@code h} are {@code [batch, hidden]}; {@code gates} is {@code [batch,
   * 4·hidden]}. Outputs overlap neither the inputs nor each other.
   */
  void forward(
      Storage xp,
      Storage hh,
      Storage cPrev,
      int batch,
      int hidden,
      Storage gates,
      Storage c,
      Storage h);

  /**
   * The backward tail: writes {@code dz} ({@code [batch, 4·hidden]}, the gradient of both
   * projections) and {@code dcPrev} ({@code [batch, hidden]}). {@code dh} or {@code dc} may be
   * {@code null} (zero); outputs overlap no input.
   */
  void backward(
      Storage gates,
      Storage cPrev,
      Storage c,
      Storage dh,
      Storage dc,
      int batch,
      int hidden,
      Storage dz,
      Storage dcPrev);
}
