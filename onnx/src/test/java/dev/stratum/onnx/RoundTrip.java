package dev.stratum.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Exports a model, has the ONNX checker accept the file, runs it in ONNX Runtime on random inputs
 * at two batch sizes and compares the outputs with Stratum's evaluation-mode forward pass.
 *
 * <p>Tolerance: every element within {@value #ABSOLUTE} + {@value #RELATIVE}·|expected|. Both sides
 * compute in float32 but in different orders (ONNX Runtime's GEMM and convolutions block and sum
 * differently, and its sigmoid and tanh are its own approximations), so the outputs agree to a few
 * ulps of the sums involved, not bit for bit. The largest difference seen over every test of this
 * module was 4.8e-7 (batch normalisation and GELU, with inputs of standard deviation 2 to 3).
 */
final class RoundTrip {

  static final double ABSOLUTE = 1e-5;
  static final double RELATIVE = 1e-5;

  /** The batch sizes each model runs at: one, and one that is neither 1 nor the export's. */
  static final int[] BATCHES = {1, 5};

  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  private RoundTrip() {}

  static Backend backend() {
    return Backends.get();
  }

  /**
   * The round trip of {@code model} for samples of {@code sampleShape}, written to {@code dir};
   * returns the largest absolute difference seen.
   */
  static double check(Layer model, int[] sampleShape, Path dir) {
    return check(model, sampleShape, dir, 0f, 1f);
  }

  /** As {@link #check(Layer, int[], Path)}, with inputs drawn from N(mean, std²). */
  static double check(Layer model, int[] sampleShape, Path dir, float mean, float std) {
    Path file = dir.resolve(model.typeName() + "-" + System.nanoTime() + ".onnx");
    try {
      Onnx.export(model, sampleShape, file);
    } catch (IOException e) {
      throw new AssertionError("export to " + file + " failed", e);
    }
    OnnxChecker.check(file);
    boolean training = model.isTraining();
    model.eval();
    double worst = 0;
    Generator random = new Generator(Arrays.hashCode(sampleShape));
    try (OrtSession session = ENV.createSession(file.toString(), new OrtSession.SessionOptions())) {
      for (int batch : BATCHES) {
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = batch;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        float[] input;
        float[] expected;
        int[] expectedShape;
        try (TensorScope scope = TensorScope.open();
            NoGrad off = Autograd.noGrad()) {
          Tensor x = random.normal(backend(), mean, std, shape);
          input = x.toArray();
          Tensor y = model.forward(x);
          expected = y.toArray();
          expectedShape = y.shape();
        }
        Output actual = run(session, input, shape);
        assertThat(actual.shape())
            .as("output shape of %s at batch %d", model, batch)
            .containsExactly(expectedShape);
        for (int i = 0; i < expected.length; i++) {
          double diff = Math.abs(actual.values()[i] - expected[i]);
          worst = Math.max(worst, diff);
          if (!(diff <= ABSOLUTE + RELATIVE * Math.abs(expected[i]))) {
            throw new AssertionError(
                String.format(
                    "%s at batch %d, element %d of %d: ONNX Runtime gives %s, Stratum %s"
                        + " (difference %.3g, allowed %.3g + %.3g·|expected|)",
                    model,
                    batch,
                    i,
                    expected.length,
                    actual.values()[i],
                    expected[i],
                    diff,
                    ABSOLUTE,
                    RELATIVE));
          }
        }
      }
    } catch (OrtException e) {
      throw new AssertionError("ONNX Runtime could not run " + file + ": " + e.getMessage(), e);
    } finally {
      model.train(training);
    }
    return worst;
  }

  record Output(float[] values, int[] shape) {}

  static Output run(OrtSession session, float[] input, int[] shape) throws OrtException {
    long[] dims = Arrays.stream(shape).asLongStream().toArray();
    try (OnnxTensor x = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(input), dims);
        OrtSession.Result result = session.run(Map.of(Onnx.INPUT, x))) {
      OnnxTensor y = (OnnxTensor) result.get(0);
      FloatBuffer buffer = y.getFloatBuffer();
      float[] values = new float[buffer.remaining()];
      buffer.get(values);
      int[] outShape = Arrays.stream(y.getInfo().getShape()).mapToInt(Math::toIntExact).toArray();
      return new Output(values, outShape);
    }
  }

  static OrtEnvironment environment() {
    return ENV;
  }
}
