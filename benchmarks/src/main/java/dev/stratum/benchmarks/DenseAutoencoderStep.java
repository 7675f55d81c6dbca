package dev.stratum.benchmarks;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * Workload 2 of {@code WORKLOADS.md}, the dense autoencoder {@code Dense(784,256)-ReLU-
 * Dense(256,64)-ReLU-Dense(64,256)-ReLU-Dense(256,784)-Sigmoid}, MSE against the input, Adam (lr
 * 1e-3, betas 0.9/0.999, eps 1e-8), batch 128, on Fashion-MNIST's training images. There are no
 * layers or optimizers in Stratum yet, so the model is written with tensor ops and Adam with
 * in-place tensor updates; a step is what the workload times: gather the batch rows from the data
 * on the device, forward, loss, zero gradients, backward, Adam step, read the loss.
 *
 * <p>Arguments: backend names (default {@code vector opencl}). System properties: {@code warmup}
 * steps (default 100), {@code steps} per timed repetition (default 100), {@code reps} (default 5),
 * {@code data} (the Fashion-MNIST folder; random pixels if its training images are missing). Prints
 * one Markdown row per backend: samples/s min / median / max.
 */
public final class DenseAutoencoderStep {

  private static final int[] SIZES = {784, 256, 64, 256, 784};
  private static final int BATCH = 128;
  private static final float LR = 1e-3f;
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPS = 1e-8f;

  private DenseAutoencoderStep() {}

  public static void main(String[] args) throws IOException {
    List<String> backends = args.length == 0 ? List.of("vector", "opencl") : List.of(args);
    int warmup = Integer.getInteger("warmup", 100);
    int steps = Integer.getInteger("steps", 100);
    int reps = Integer.getInteger("reps", 5);
    Path folder = Path.of(System.getProperty("data", "/usr/share/datasets/fashion-mnist"));
    float[] images = loadImages(folder.resolve("train-images-idx3-ubyte.gz"));
    int samples = images.length / 784;
    System.out.printf(
        Locale.ROOT,
        "data: %d images (%s); warm-up %d steps, then %d repetitions of %d steps%n",
        samples,
        samples == 60_000 ? "Fashion-MNIST" : "random pixels",
        warmup,
        reps,
        steps);
    System.out.println("| backend | device | samples/s min / median / max | last loss |");
    System.out.println("|---|---|---:|---:|");
    for (String name : backends) {
      try (Backend backend = Backends.create(name, OpenClSgemm.options())) {
        run(backend, images, samples, warmup, steps, reps);
      }
    }
  }

  private static void run(
      Backend backend, float[] images, int samples, int warmup, int steps, int reps) {
    try (TensorScope scope = TensorScope.open()) {
      Tensor data = Tensor.of(backend, images, samples, 784);
      Model model = new Model(backend, new Generator(1));
      int[] order = shuffled(samples, new Random(2));
      int[] cursor = {0};
      float loss = 0;
      for (int s = 0; s < warmup; s++) {
        loss = model.step(data, nextBatch(order, cursor), s + 1);
      }
      double[] rates = new double[reps];
      int t = warmup;
      for (int r = 0; r < reps; r++) {
        long start = System.nanoTime();
        for (int s = 0; s < steps; s++) {
          loss = model.step(data, nextBatch(order, cursor), ++t);
        }
        rates[r] = (double) steps * BATCH / ((System.nanoTime() - start) / 1e9);
      }
      Arrays.sort(rates);
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %.0f / **%.0f** / %.0f | %.4f |%n",
          backend.name(),
          backend.device(),
          rates[0],
          rates[reps / 2],
          rates[reps - 1],
          loss);
    }
  }

  /** The next 128 indices of the shuffled order (reshuffled at each epoch's end), as floats. */
  private static float[] nextBatch(int[] order, int[] cursor) {
    if (cursor[0] + BATCH > order.length) {
      shuffle(order, new Random(cursor[0] + order.length));
      cursor[0] = 0;
    }
    float[] batch = new float[BATCH];
    for (int i = 0; i < BATCH; i++) {
      batch[i] = order[cursor[0] + i];
    }
    cursor[0] += BATCH;
    return batch;
  }

  /** Four dense layers and their Adam state. */
  private static final class Model {
    private final Backend backend;
    private final List<Tensor> parameters = new ArrayList<>();
    private final List<Tensor> firstMoments = new ArrayList<>();
    private final List<Tensor> secondMoments = new ArrayList<>();

    Model(Backend backend, Generator generator) {
      this.backend = backend;
      for (int layer = 0; layer + 1 < SIZES.length; layer++) {
        // PyTorch's default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weight and bias
        float bound = (float) (1 / Math.sqrt(SIZES[layer]));
        add(generator.uniform(backend, -bound, bound, SIZES[layer], SIZES[layer + 1]));
        add(generator.uniform(backend, -bound, bound, SIZES[layer + 1]));
      }
    }

    private void add(Tensor parameter) {
      parameters.add(parameter.requiresGrad(true));
      firstMoments.add(Tensor.zeros(backend, parameter.shape()));
      secondMoments.add(Tensor.zeros(backend, parameter.shape()));
    }

    float step(Tensor data, float[] batchIndices, int t) {
      try (TensorScope scope = TensorScope.open()) {
        Tensor x = data.indexSelect(0, Tensor.of(backend, batchIndices, BATCH));
        Tensor h = x;
        for (int layer = 0; layer < 4; layer++) {
          h = h.matmul(parameters.get(2 * layer)).add(parameters.get(2 * layer + 1));
          h = layer < 3 ? h.relu() : h.sigmoid();
        }
        Tensor loss = h.sub(x).square().mean();
        parameters.forEach(Tensor::zeroGrad);
        loss.backward();
        try (NoGrad off = Autograd.noGrad()) {
          float correction1 = 1 - (float) Math.pow(BETA1, t);
          float correction2 = (float) Math.sqrt(1 - Math.pow(BETA2, t));
          for (int i = 0; i < parameters.size(); i++) {
            Tensor g = parameters.get(i).grad();
            Tensor m = firstMoments.get(i).mulInPlace(BETA1).addScaledInPlace(1 - BETA1, g);
            Tensor v =
                secondMoments.get(i).mulInPlace(BETA2).addScaledInPlace(1 - BETA2, g.square());
            Tensor denominator = v.sqrt().div(correction2).add(EPS);
            parameters.get(i).addScaledInPlace(-LR / correction1, m.div(denominator));
          }
        }
        return loss.item();
      }
    }
  }

  private static int[] shuffled(int n, Random random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    shuffle(order, random);
    return order;
  }

  private static void shuffle(int[] order, Random random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
  }

  /** IDX3 images as {@code x = u8 / 255}, or 60,000 random images when the file is missing. */
  private static float[] loadImages(Path file) throws IOException {
    if (!Files.exists(file)) {
      float[] random = new float[60_000 * 784];
      Random r = new Random(3);
      for (int i = 0; i < random.length; i++) {
        random[i] = r.nextInt(256) / 255f;
      }
      return random;
    }
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
      int magic = in.readInt();
      if (magic != 2051) {
        throw new IOException(file + ": not an IDX3 image file (magic " + magic + ")");
      }
      int count = in.readInt();
      int pixels = in.readInt() * in.readInt();
      byte[] bytes = in.readNBytes(count * pixels);
      float[] images = new float[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        images[i] = (bytes[i] & 0xFF) / 255f;
      }
      return images;
    }
  }
}
