package dev.stratum.autoencoders;

import dev.stratum.layers.LayerType;
import dev.stratum.layers.loss.Losses;
import dev.stratum.layers.loss.ReducingLoss;
import dev.stratum.nn.Loss;
import java.util.ArrayList;
import java.util.List;

/**
 * What the kinds' config records share: the reconstruction loss as a JSON value, and shapes as
 * lists.
 */
final class Specs {

  private Specs() {}

  /** A reconstruction loss in a config record: its own {@code {"type", "reduction"}} map. */
  static final LayerType.ValueType<ReducingLoss> LOSS =
      new LayerType.ValueType<>(
          ReducingLoss.class,
          ReducingLoss::config,
          config -> {
            Loss loss = Losses.create(config);
            if (loss instanceof ReducingLoss reducing) {
              return reducing;
            }
            throw new IllegalArgumentException(
                "autoencoder: the loss " + config + " is not a built-in reducing loss");
          });

  /** {@code [a, b]} as a list. */
  static List<Integer> list(int[] shape) {
    List<Integer> list = new ArrayList<>(shape.length);
    for (int d : shape) {
      list.add(d);
    }
    return list;
  }

  /** A list of dimensions as an array. */
  static int[] array(List<Integer> shape) {
    int[] array = new int[shape.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = shape.get(i);
    }
    return array;
  }
}
