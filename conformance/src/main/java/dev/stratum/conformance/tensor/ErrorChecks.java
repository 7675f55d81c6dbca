package dev.stratum.conformance.tensor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.List;

/** Bad input gets an exception naming the op, the shapes or values, and what was expected. */
public final class ErrorChecks {

  private ErrorChecks() {}

  public static List<TensorCheck> all() {
    return List.of(new TensorCheck("errors: every misuse is named", ErrorChecks::messages));
  }

  private static void messages(Backend b) {
    try (TensorScope scope = TensorScope.open()) {
      Tensor a = Tensor.zeros(b, 32, 784);
      assertThatThrownBy(() -> a.matmul(Tensor.zeros(b, 256, 784)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("matmul: [32, 784] x [256, 784]: inner dimensions 784 and 256 differ");
      assertThatThrownBy(() -> a.matmul(Tensor.zeros(b, 256, 784), true, false))
          .hasMessage(
              "matmul: [32, 784] x [256, 784]: inner dimensions 32 and 256 differ"
                  + " (after transposing the left)");
      assertThatThrownBy(() -> Tensor.zeros(b, 2, 3).add(Tensor.zeros(b, 4)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("add: shapes [2, 3] and [4] cannot be broadcast: dimension 1 is 3 and 4");
      assertThatThrownBy(() -> Tensor.zeros(b, 2, 3).reshape(4))
          .hasMessage("reshape: cannot reshape [2, 3] (6 elements) into [4] (4 elements)");
      assertThatThrownBy(() -> Tensor.of(b, new float[5], 2, 3))
          .hasMessage("of: 5 values cannot fill shape [2, 3] (6 elements)");
      assertThatThrownBy(() -> Tensor.zeros(b, 2, 3).slice(1, 2, 5))
          .hasMessage("slice: range [2, 5) does not fit axis 1 of size 3 (shape [2, 3])");
      assertThatThrownBy(() -> Tensor.zeros(b, 2, 3).sum(false, 3))
          .hasMessage("sum: axis 3 is out of range for a tensor of rank 2 (valid: -2 to 1)");
      assertThatThrownBy(() -> Tensor.zeros(b, 2, 3).indexSelect(1, Tensor.vector(b, 0, 5)))
          .hasMessage("indexSelect: index 5.0 at position 1 is not a whole number in [0, 3)");
      assertThatThrownBy(
              () -> Tensor.zeros(b, 1, 1, 2, 2).conv2d(Tensor.zeros(b, 1, 1, 3, 3), null, 1, 0))
          .hasMessage(
              "conv2d: input [1, 1, 2, 2]: convolution geometry: kernel 3x3 does not fit"
                  + " the padded input 2x2 (input 2x2, padding 0x0)");
      assertThatThrownBy(
              () -> Tensor.zeros(b, 1, 3, 4, 4).conv2d(Tensor.zeros(b, 2, 1, 3, 3), null, 1, 0))
          .hasMessage(
              "conv2d: input [1, 3, 4, 4] has 3 channels but weight [2, 1, 3, 3]" + " expects 1");
      assertThatThrownBy(() -> Tensor.zeros(b, 2).item())
          .hasMessage("item: the tensor has shape [2] (2 elements); item() needs exactly one");
      assertThatThrownBy(() -> Tensor.zeros(b, 2, 0).max(false, 1))
          .hasMessage(
              "max: cannot reduce the empty axis 1 of shape [2, 0] (a max of nothing is"
                  + " undefined)");
      assertThatThrownBy(() -> Tensor.zeros(b, 2, 3).permute(0, 0))
          .hasMessage("permute: order [0, 0] must name each of the 2 axes exactly once");
      assertThatThrownBy(
              () ->
                  Tensor.updateInPlace(
                      "Adam", (storages, n) -> {}, Tensor.zeros(b, 3), Tensor.zeros(b, 4)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Adam: shapes [4] and [3] must be equal");
      assertThatThrownBy(() -> Tensor.updateInPlace("Adam", (storages, n) -> {}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Adam: updateInPlace needs at least one tensor");
      Tensor closed = Tensor.zeros(b, 2);
      closed.close();
      assertThatThrownBy(closed::toArray)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("tensor of shape [2] was already closed");
    }
  }
}
