package dev.stratum.recurrent;

import dev.stratum.tensor.Tensor;
import java.util.List;

/**
 * What a {@link Recurrent} layer returns: its output and its final state.
 *
 * @param output the whole sequence ({@code [batch, time, features]}, or {@code [time, batch,
 *     features]} sequence-first) or the last output ({@code [batch, features]})
 * @param finalState one tensor per part of the cell's state ({@code h}, and {@code c} for an LSTM),
 *     each {@code [layers·directions, batch, hidden]} ordered layer by direction as PyTorch's
 *     {@code h_n}: index {@code layer·directions + direction}, the backward direction second; with
 *     lengths or a mask, the state after each sequence's last real step
 */
public record RecurrentOutput(Tensor output, List<Tensor> finalState) {

  /** Copies the list. */
  public RecurrentOutput {
    finalState = List.copyOf(finalState);
  }

  /** The final hidden state {@code h_n}. */
  public Tensor h() {
    return finalState.get(0);
  }

  /** The final cell state {@code c_n} of an LSTM. */
  public Tensor c() {
    if (finalState.size() < 2) {
      throw new IllegalStateException(
          "c: this cell's state has no second part (only an LSTM has a cell state)");
    }
    return finalState.get(1);
  }

  /** The final state with every part detached from the graph: to carry into the next batch. */
  public List<Tensor> detachedState() {
    return finalState.stream().map(Tensor::detach).toList();
  }
}
