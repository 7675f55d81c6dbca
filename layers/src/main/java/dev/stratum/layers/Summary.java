package dev.stratum.layers;

import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A model summary: each layer with its output shape and parameter count, and the totals, computed
 * from {@link Layer#outputShape} without running the model. The children of a {@link Sequential}
 * are listed one per row; any other layer is one row.
 *
 * <pre>
 * #  Layer                          Output shape       Params
 * 0  Conv2d(3 -> 96, 11x11, s4, p0)  [1, 96, 55, 55]    34,944
 * ...
 * </pre>
 *
 * @param rows one row per layer
 * @param inputShape the input shape the summary was computed for (batch axis included)
 */
public record Summary(List<Row> rows, int[] inputShape) {

  /** One layer: its position name, description, output shape, parameter and buffer counts. */
  public record Row(String name, String layer, int[] outputShape, long parameters, long buffers) {}

  /** The summary of {@code model} for an input of {@code inputShape} (batch axis included). */
  public static Summary of(Layer model, int... inputShape) {
    List<Layer> layers = model instanceof Sequential s ? s.layers() : List.of(model);
    List<Row> rows = new ArrayList<>();
    int[] shape = inputShape.clone();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      try {
        shape = layer.outputShape(shape);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "summary: layer " + i + " (" + layer.typeName() + "): " + e.getMessage(), e);
      }
      rows.add(
          new Row(
              layers.size() == 1 && !(model instanceof Sequential) ? "" : String.valueOf(i),
              layer.toString(),
              shape,
              count(layer.parameters().values()),
              count(layer.buffers().values())));
    }
    return new Summary(List.copyOf(rows), inputShape.clone());
  }

  private static long count(Iterable<Tensor> tensors) {
    long n = 0;
    for (Tensor t : tensors) {
      n += t.size();
    }
    return n;
  }

  /** Trainable parameters of every layer. */
  public long totalParameters() {
    return rows.stream().mapToLong(Row::parameters).sum();
  }

  /** Buffer elements (non-trainable state such as running statistics) of every layer. */
  public long totalBuffers() {
    return rows.stream().mapToLong(Row::buffers).sum();
  }

  /** The output shape of the last layer. */
  public int[] outputShape() {
    return rows.isEmpty() ? inputShape.clone() : rows.getLast().outputShape().clone();
  }

  @Override
  public String toString() {
    List<String[]> cells = new ArrayList<>();
    cells.add(new String[] {"#", "Layer", "Output shape", "Params"});
    for (Row r : rows) {
      cells.add(
          new String[] {
            r.name(), r.layer(), Arrays.toString(r.outputShape()), grouped(r.parameters())
          });
    }
    int[] widths = new int[4];
    for (String[] row : cells) {
      for (int c = 0; c < 4; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("Input shape: ").append(Arrays.toString(inputShape)).append('\n');
    for (int i = 0; i < cells.size(); i++) {
      String[] row = cells.get(i);
      sb.append(pad(row[0], widths[0], false)).append("  ");
      sb.append(pad(row[1], widths[1], false)).append("  ");
      sb.append(pad(row[2], widths[2], false)).append("  ");
      sb.append(pad(row[3], widths[3], true)).append('\n');
      if (i == 0) {
        sb.append("-".repeat(widths[0] + widths[1] + widths[2] + widths[3] + 6)).append('\n');
      }
    }
    sb.append("Total params: ").append(grouped(totalParameters())).append('\n');
    sb.append("Trainable params: ").append(grouped(totalParameters())).append('\n');
    sb.append("Non-trainable (buffers): ").append(grouped(totalBuffers())).append('\n');
    return sb.toString();
  }

  private static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(width - s.length());
    return right ? fill + s : s + fill;
  }
}
