package dev.stratum.onnx;

import dev.stratum.nn.Layer;

/**
 * A layer that the export cannot write as ONNX: its message names the layer, its place in the model
 * and why (an LSTM with peepholes has no ONNX operator with the same formula, a locally connected
 * layer none at all).
 */
public final class UnsupportedLayerException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient Layer layer;

  UnsupportedLayerException(Layer layer, String path, String reason) {
    super(
        "ONNX export: cannot export "
            + layer
            + " (type '"
            + layer.typeName()
            + "'"
            + (path.isEmpty() ? "" : ", at '" + path + "'")
            + "): "
            + reason);
    this.layer = layer;
  }

  /** The layer that was refused. */
  public Layer layer() {
    return layer;
  }
}
