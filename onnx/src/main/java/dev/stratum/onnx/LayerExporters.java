package dev.stratum.onnx;

import dev.stratum.autoencoders.Autoencoder;
import dev.stratum.autoencoders.TiedDense;
import dev.stratum.autoencoders.gan.Gan;
import dev.stratum.autoencoders.vae.VariationalAutoencoder;
import dev.stratum.layers.AvgPool2d;
import dev.stratum.layers.BatchNorm;
import dev.stratum.layers.Conv2d;
import dev.stratum.layers.ConvTranspose2d;
import dev.stratum.layers.Dense;
import dev.stratum.layers.Dropout;
import dev.stratum.layers.Embedding;
import dev.stratum.layers.Flatten;
import dev.stratum.layers.GlobalAvgPool2d;
import dev.stratum.layers.LayerNorm;
import dev.stratum.layers.LocallyConnected2d;
import dev.stratum.layers.MaxPool2d;
import dev.stratum.layers.Pool2d;
import dev.stratum.layers.Reshape;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.Size2d;
import dev.stratum.layers.Upsample2d;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.regularization.ActivityRegularization;
import dev.stratum.nn.Layer;
import dev.stratum.onnx.OnnxGraph.Attribute;
import dev.stratum.recurrent.Recurrent;
import dev.stratum.recurrent.RecurrentCell;
import dev.stratum.recurrent.TimeDistributed;
import dev.stratum.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes each layer as ONNX nodes, in evaluation mode: dropout is the identity and batch
 * normalisation uses its running statistics. Containers ({@link Sequential}, {@link Autoencoder},
 * {@link TimeDistributed}) write their children under the prefixes their {@link Layer#parameters()}
 * use, so every parameter becomes an initializer of the same name.
 *
 * <p>Shapes are followed with {@link Layer#outputShape} on a batch of one; the graph itself leaves
 * the batch axis free (reshapes copy it with {@code 0}, dense layers broadcast over it).
 */
final class LayerExporters {

  private final OnnxGraph graph;

  LayerExporters(OnnxGraph graph) {
    this.graph = graph;
  }

  /**
   * Writes {@code layer} reading the value {@code input} of shape {@code shape} (batch axis
   * included) and returns the name of its output. {@code prefix} is the layer's place in the model
   * as parameter names spell it ({@code "encoder.0."}).
   */
  String export(Layer layer, String prefix, String input, int[] shape) {
    String hint = prefix + layer.typeName();
    return switch (layer) {
      case Sequential s -> sequential(s, prefix, input, shape);
      case VariationalAutoencoder v ->
          throw refuse(
              v,
              prefix,
              "a variational autoencoder's forward pass samples its code; export its encoder"
                  + " or decoder instead");
      case Gan g ->
          throw refuse(
              g, prefix, "a GAN has no single forward pass; export its generator or discriminator");
      case Autoencoder a -> {
        String code = export(a.encoder(), prefix + "encoder.", input, shape);
        yield export(a.decoder(), prefix + "decoder.", code, a.encoder().outputShape(shape));
      }
      case TimeDistributed t -> timeDistributed(t, prefix, input, shape);
      // transparent: the penalty is for training, the names are the inner layer's
      case ActivityRegularization a -> export(a.layer(), prefix, input, shape);
      case Dense d -> dense(d.weight(), false, d.bias(), prefix, hint, input, shape);
      case TiedDense t -> {
        if (!t.isTied()) {
          throw refuse(t, prefix, "it is not tied to an encoder weight yet");
        }
        yield dense(t.weight(), true, t.bias(), prefix, hint, input, shape);
      }
      case Conv2d c -> conv(c, prefix, hint, input);
      case ConvTranspose2d c -> convTranspose(c, prefix, hint, input);
      case MaxPool2d p -> pool("MaxPool", p, prefix, hint, input);
      case AvgPool2d p -> pool("AveragePool", p, prefix, hint, input);
      case GlobalAvgPool2d g -> globalAvgPool(g, hint, input);
      case LayerNorm n -> layerNorm(n, prefix, hint, input, shape);
      case Upsample2d u -> upsample(u, hint, input);
      case BatchNorm b -> batchNorm(b, prefix, hint, input);
      case Dropout d -> graph.node("Identity", hint, List.of(input));
      case Flatten f -> graph.node("Flatten", hint, List.of(input), Attribute.of("axis", 1L));
      case Reshape r -> reshape(r, hint, input, shape);
      case Activation a -> activation(a, hint, input);
      case Recurrent r -> new RecurrentExporter(graph).export(r, prefix, hint, input, shape);
      case LocallyConnected2d l ->
          throw refuse(
              l,
              prefix,
              "ONNX has no locally connected operator (a convolution whose filters differ at every"
                  + " position); only a subgraph of primitive ops could express it");
      case Embedding e ->
          throw refuse(
              e, prefix, "its input is integer indices, and the exported graph takes float input");
      case RecurrentCell c ->
          throw refuse(c, prefix, "a single recurrent cell is one step; export it in a Recurrent");
      default ->
          throw refuse(
              layer,
              prefix,
              "no ONNX exporter for this layer type; supported: dense, conv2d, conv_transpose2d,"
                  + " max_pool2d, avg_pool2d, global_avg_pool2d, upsample2d, batch_norm1d,"
                  + " batch_norm2d, layer_norm, dropout, flatten, reshape, the activations, sequential, time_distributed,"
                  + " activity_regularization, recurrent (rnn, lstm, peephole lstm, gru), the"
                  + " autoencoders and tied_dense");
    };
  }

  static UnsupportedLayerException refuse(Layer layer, String prefix, String reason) {
    String path = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return new UnsupportedLayerException(layer, path, reason);
  }

  private String sequential(Sequential s, String prefix, String input, int[] shape) {
    String x = input;
    int[] current = shape;
    for (int i = 0; i < s.size(); i++) {
      Layer child = s.get(i);
      x = export(child, prefix + i + ".", x, current);
      current = child.outputShape(current);
    }
    return x;
  }

  private String timeDistributed(TimeDistributed t, String prefix, String input, int[] shape) {
    // [batch, time, ...] -> [batch·time, ...] -> layer -> [batch, time, ...']
    int[] folded = new int[shape.length - 1];
    folded[0] = shape[0] * shape[1];
    System.arraycopy(shape, 2, folded, 1, shape.length - 2);
    long[] fold = new long[folded.length];
    fold[0] = -1;
    for (int i = 1; i < folded.length; i++) {
      fold[i] = folded[i];
    }
    String x =
        graph.node(
            "Reshape", prefix + "fold", List.of(input, graph.longs(prefix + "fold_shape", fold)));
    String y = export(t.layer(), prefix + "layer.", x, folded);
    int[] out = t.layer().outputShape(folded);
    long[] unfold = new long[out.length + 1];
    unfold[0] = -1;
    unfold[1] = shape[1];
    for (int i = 1; i < out.length; i++) {
      unfold[i + 1] = out[i];
    }
    return graph.node(
        "Reshape", prefix + "unfold", List.of(y, graph.longs(prefix + "unfold_shape", unfold)));
  }

  /**
   * {@code x·Wᵀ + b} for a weight {@code [out, in]}, or {@code x·W + b} when {@code transposed} (a
   * tied decoder applies the encoder's weight as it is stored). A matrix input is one {@code Gemm};
   * a higher-rank one a {@code MatMul} that broadcasts over the leading axes.
   */
  private String dense(
      Tensor weight,
      boolean transposed,
      Tensor bias,
      String prefix,
      String hint,
      String input,
      int[] shape) {
    String w = graph.initializer(prefix + "weight", weight);
    String b = bias == null ? null : graph.initializer(prefix + "bias", bias);
    if (shape.length == 2) {
      List<String> inputs = b == null ? List.of(input, w) : List.of(input, w, b);
      return graph.node("Gemm", hint, inputs, Attribute.of("transB", transposed ? 0L : 1L));
    }
    String matrix =
        transposed
            ? w
            : graph.node("Transpose", w + "_t", List.of(w), Attribute.ints("perm", 1, 0));
    String product = graph.node("MatMul", hint, List.of(input, matrix));
    return b == null ? product : graph.node("Add", hint + "_bias", List.of(product, b));
  }

  private String conv(Conv2d c, String prefix, String hint, String input) {
    Map<String, Object> cfg = c.config();
    int[] k = pair(cfg, "kernel");
    int[] s = pair(cfg, "stride");
    int[] d = pair(cfg, "dilation");
    int groups = integer(cfg, "groups");
    // Stratum's sides are (top, bottom, left, right), 'same' resolved; ONNX wants the begins then
    // the ends: (top, left, bottom, right)
    int[] p = c.paddingSides();
    List<String> inputs =
        new ArrayList<>(List.of(input, graph.initializer(prefix + "weight", c.weight())));
    if (c.bias() != null) {
      inputs.add(graph.initializer(prefix + "bias", c.bias()));
    }
    return graph.node(
        "Conv",
        hint,
        inputs,
        Attribute.ints("kernel_shape", k[0], k[1]),
        Attribute.ints("strides", s[0], s[1]),
        Attribute.ints("pads", p[0], p[2], p[1], p[3]),
        Attribute.ints("dilations", d[0], d[1]),
        Attribute.of("group", (long) groups));
  }

  private String convTranspose(ConvTranspose2d c, String prefix, String hint, String input) {
    Map<String, Object> cfg = c.config();
    int[] k = pair(cfg, "kernel");
    int[] s = pair(cfg, "stride");
    int[] p = pair(cfg, "padding");
    int[] op = pair(cfg, "outputPadding");
    int[] d = pair(cfg, "dilation");
    int groups = integer(cfg, "groups");
    // the weight is [in, out/groups, kh, kw] in both PyTorch's layout and ONNX's
    List<String> inputs =
        new ArrayList<>(List.of(input, graph.initializer(prefix + "weight", c.weight())));
    if (c.bias() != null) {
      inputs.add(graph.initializer(prefix + "bias", c.bias()));
    }
    return graph.node(
        "ConvTranspose",
        hint,
        inputs,
        Attribute.ints("kernel_shape", k[0], k[1]),
        Attribute.ints("strides", s[0], s[1]),
        Attribute.ints("pads", p[0], p[1], p[0], p[1]),
        Attribute.ints("output_padding", op[0], op[1]),
        Attribute.ints("dilations", d[0], d[1]),
        Attribute.of("group", (long) groups));
  }

  private String pool(String op, Pool2d p, String prefix, String hint, String input) {
    Map<String, Object> cfg = p.config();
    int[] k = {p.kernelSize().height(), p.kernelSize().width()};
    int[] s = {p.strides().height(), p.strides().width()};
    int[] pad = {p.paddings().height(), p.paddings().width()};
    List<Attribute> attributes =
        new ArrayList<>(
            List.of(
                Attribute.ints("kernel_shape", k[0], k[1]),
                Attribute.ints("strides", s[0], s[1]),
                Attribute.ints("pads", pad[0], pad[1], pad[0], pad[1]),
                Attribute.of("ceil_mode", p.ceilMode() ? 1L : 0L)));
    if (p instanceof MaxPool2d) {
      int[] d = pair(cfg, "dilation");
      attributes.add(Attribute.ints("dilations", d[0], d[1]));
    }
    if (p instanceof AvgPool2d a) {
      attributes.add(Attribute.of("count_include_pad", a.countIncludePad() ? 1L : 0L));
    }
    return graph.node(op, hint, List.of(input), attributes.toArray(Attribute[]::new));
  }

  private String globalAvgPool(GlobalAvgPool2d g, String hint, String input) {
    String pooled = graph.node("GlobalAveragePool", hint, List.of(input));
    if (Boolean.TRUE.equals(g.config().get("keepDims"))) {
      return pooled;
    }
    // [N, C, 1, 1] -> [N, C]
    return graph.node("Flatten", hint + "_flatten", List.of(pooled), Attribute.of("axis", 1L));
  }

  private String layerNorm(LayerNorm n, String prefix, String hint, String input, int[] shape) {
    Map<String, Object> cfg = n.config();
    int[] normalized =
        ((List<?>) cfg.get("normalizedShape"))
            .stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    if (normalized.length >= shape.length) {
      throw refuse(
          n,
          prefix,
          "its normalized shape "
              + Arrays.toString(normalized)
              + " covers the batch axis of the input "
              + Arrays.toString(shape)
              + ", and the exported graph leaves the batch size free");
    }
    int count = 1;
    for (int v : normalized) {
      count *= v;
    }
    String scale =
        n.weight() != null
            ? graph.initializer(prefix + "weight", n.weight())
            : graph.floats(prefix + "ones", filled(count, 1f), normalized);
    String shift =
        n.bias() != null
            ? graph.initializer(prefix + "bias", n.bias())
            : graph.floats(prefix + "zeros", filled(count, 0f), normalized);
    return graph.node(
        "LayerNormalization",
        hint,
        List.of(input, scale, shift),
        Attribute.of("axis", (long) -normalized.length),
        Attribute.of("epsilon", (float) ((Number) cfg.get("eps")).doubleValue()));
  }

  private String upsample(Upsample2d u, String hint, String input) {
    Map<String, Object> cfg = u.config();
    float s = integer(cfg, "scale");
    String scales = graph.floats(hint + "_scales", new float[] {1, 1, s, s}, 4);
    boolean nearest = String.valueOf(cfg.get("mode")).toLowerCase(Locale.ROOT).equals("nearest");
    if (nearest) {
      // a whole-number factor: output pixel o reads input pixel floor(o / s)
      return graph.node(
          "Resize",
          hint,
          List.of(input, "", scales),
          Attribute.of("mode", "nearest"),
          Attribute.of("coordinate_transformation_mode", "asymmetric"),
          Attribute.of("nearest_mode", "floor"));
    }
    // PyTorch's align_corners=False: source (o + 0.5)/s - 0.5, clamped at the borders
    return graph.node(
        "Resize",
        hint,
        List.of(input, "", scales),
        Attribute.of("mode", "linear"),
        Attribute.of("coordinate_transformation_mode", "pytorch_half_pixel"));
  }

  private String batchNorm(BatchNorm b, String prefix, String hint, String input) {
    Map<String, Object> cfg = b.config();
    int features = integer(cfg, "features");
    Map<String, Tensor> parameters = b.parameters();
    Map<String, Tensor> buffers = b.buffers();
    String scale =
        parameters.containsKey("weight")
            ? graph.initializer(prefix + "weight", parameters.get("weight"))
            : graph.floats(prefix + "ones", filled(features, 1f), features);
    String shift =
        parameters.containsKey("bias")
            ? graph.initializer(prefix + "bias", parameters.get("bias"))
            : graph.floats(prefix + "zeros", filled(features, 0f), features);
    String mean = graph.initializer(prefix + "running_mean", buffers.get("running_mean"));
    String variance = graph.initializer(prefix + "running_var", buffers.get("running_var"));
    return graph.node(
        "BatchNormalization",
        hint,
        List.of(input, scale, shift, mean, variance),
        Attribute.of("epsilon", (float) ((Number) cfg.get("eps")).doubleValue()));
  }

  private String reshape(Reshape r, String hint, String input, int[] shape) {
    int[] out = r.outputShape(shape);
    long[] target = new long[out.length];
    // 0 copies the batch axis, so the graph takes any batch size
    for (int i = 1; i < out.length; i++) {
      target[i] = out[i];
    }
    return graph.node("Reshape", hint, List.of(input, graph.longs(hint + "_shape", target)));
  }

  private String activation(Activation a, String hint, String input) {
    List<String> x = List.of(input);
    return switch (a) {
      case Activation.ReLU r -> graph.node("Relu", hint, x);
      case Activation.LeakyReLU l ->
          graph.node("LeakyRelu", hint, x, Attribute.of("alpha", (float) l.slope()));
      case Activation.ELU e -> graph.node("Elu", hint, x, Attribute.of("alpha", (float) e.alpha()));
      case Activation.Sigmoid s -> graph.node("Sigmoid", hint, x);
      case Activation.Tanh t -> graph.node("Tanh", hint, x);
      case Activation.Softmax s ->
          graph.node("Softmax", hint, x, Attribute.of("axis", (long) s.axis()));
      case Activation.Softplus s -> graph.node("Softplus", hint, x);
      case Activation.GELU g -> gelu(g, hint, input);
      case Activation.Identity i -> graph.node("Identity", hint, x);
    };
  }

  /** GELU from primitives: opset 17 has no {@code Gelu} (it came in opset 20). */
  private String gelu(Activation.GELU g, String hint, String x) {
    String half = scalar(hint + "_half", 0.5f);
    String one = scalar(hint + "_one", 1f);
    String inner;
    if (g.approximate() == Activation.GELU.Approximation.NONE) {
      // 0.5·x·(1 + erf(x/√2))
      String scaled =
          graph.node(
              "Mul",
              hint + "_scaled",
              List.of(x, scalar(hint + "_inv_sqrt2", (float) (1 / Math.sqrt(2)))));
      inner = graph.node("Erf", hint + "_erf", List.of(scaled));
    } else {
      // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
      String cube = graph.node("Mul", hint + "_sq", List.of(x, x));
      cube = graph.node("Mul", hint + "_cube", List.of(cube, x));
      String term =
          graph.node("Mul", hint + "_term", List.of(cube, scalar(hint + "_c", 0.044715f)));
      String sum = graph.node("Add", hint + "_sum", List.of(term, x));
      String scaled =
          graph.node(
              "Mul",
              hint + "_scaled",
              List.of(sum, scalar(hint + "_k", (float) Math.sqrt(2 / Math.PI))));
      inner = graph.node("Tanh", hint + "_tanh", List.of(scaled));
    }
    String plus = graph.node("Add", hint + "_plus", List.of(inner, one));
    String halved = graph.node("Mul", hint + "_halved", List.of(plus, half));
    return graph.node("Mul", hint, List.of(halved, x));
  }

  private String scalar(String hint, float value) {
    return graph.floats(hint, new float[] {value});
  }

  private static float[] filled(int n, float value) {
    float[] v = new float[n];
    Arrays.fill(v, value);
    return v;
  }

  /**
   * A per-axis option of a config as {height, width}: JSON writes a square pair as one number and
   * any other as a list {@code [h, w]}.
   */
  static int[] pair(Map<String, Object> config, String key) {
    Object v = config.get(key);
    if (v instanceof Number n) {
      return new int[] {n.intValue(), n.intValue()};
    }
    if (v instanceof List<?> l
        && l.size() == 2
        && l.get(0) instanceof Number h
        && l.get(1) instanceof Number w) {
      return new int[] {h.intValue(), w.intValue()};
    }
    if (v instanceof Size2d s) {
      return new int[] {s.height(), s.width()};
    }
    throw new IllegalStateException(
        "ONNX export: config key '"
            + key
            + "' is "
            + v
            + ", not a number or an [h, w] pair, in "
            + config);
  }

  static int integer(Map<String, Object> config, String key) {
    Object v = config.get(key);
    if (!(v instanceof Number n)) {
      throw new IllegalStateException(
          "ONNX export: config key '" + key + "' is " + v + ", not a number, in " + config);
    }
    return n.intValue();
  }
}
