package dev.stratum.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backends;
import dev.stratum.data.ArrayDataset;
import dev.stratum.data.CsvReader;
import dev.stratum.data.Dataset;
import dev.stratum.data.FashionMnist;
import dev.stratum.data.Idx;
import dev.stratum.data.MalformedDataException;
import dev.stratum.layers.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Samples read by path on the executors ({@link SampleFiles}) are the samples the one-machine
 * readers give, in the same order, bit for bit, however the files are cut into ranges; and so
 * training from the paths is training from the in-memory RDD.
 */
class SampleFilesTest {

  @TempDir Path temp;

  private static Path fashionFolder() throws Exception {
    ParameterAveragingTest.fashionSubset("train"); // skips (or fails under CI) without testdata
    return Path.of(System.getProperty("stratum.testdata"), "fashion-mnist-subset");
  }

  private static void assertSameSamples(List<Sample> actual, Dataset expected) {
    assertThat(actual).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i).features()).as("sample %d", i).containsExactly(expected.input(i));
      assertThat(actual.get(i).labels()).as("sample %d", i).containsExactly(expected.target(i));
    }
  }

  @Test
  void idxRangesReadTheSamplesOfIdxLoad() throws Exception {
    Path folder = fashionFolder();
    Dataset all = FashionMnist.load(folder, "t10k");
    for (int partitions : new int[] {1, 3}) {
      List<Sample> read =
          SampleFiles.idx(
                  LocalSpark.get(),
                  folder.resolve("t10k-images-idx3-ubyte.gz").toString(),
                  folder.resolve("t10k-labels-idx1-ubyte.gz").toString(),
                  partitions)
              .collect();
      assertSameSamples(read, all);
    }
  }

  @Test
  void trainingFromIdxPathsEqualsTrainingFromTheSamplesInMemory() throws Exception {
    Path folder = fashionFolder();
    JavaSparkContext spark = LocalSpark.get();
    Dataset train = FashionMnist.load(folder, "train");
    JavaRDD<Sample> files =
        SampleFiles.idx(
            spark,
            folder.resolve("train-images-idx3-ubyte.gz").toString(),
            folder.resolve("train-labels-idx1-ubyte.gz").toString(),
            3);
    float[][] weights = new float[2][];
    double[][] losses = new double[2][];
    int run = 0;
    for (JavaRDD<Sample> data : List.of(files, spark.parallelize(Sample.of(train), 2))) {
      try (Sequential model = TestModels.mlp(Backends.get("vector"), 784, 8, 10, 3)) {
        SparkTrainer trainer =
            SparkTrainer.builder()
                .sparkContext(spark)
                .model(model)
                .loss(Map.of("type", "sparse_cross_entropy"))
                .optimizer("{\"optimizer\": \"sgd\", \"lr\": 0.1}")
                .trainingData(data, new int[] {784}, new int[] {})
                .workers(2)
                .batchSize(250)
                .shuffle(9)
                .executorBackend("vector")
                .progress(false)
                .build();
        losses[run] = trainer.fit().metric("loss");
        weights[run] = model.parameters().get("0.weight").toArray();
        run++;
      }
    }
    // the same samples in the same order on two workers: the runs agree bit for bit
    assertThat(losses[0]).containsExactly(losses[1]);
    assertThat(weights[0]).containsExactly(weights[1]);
  }

  @Test
  void csvRangesCutAtLineStartsReadTheSamplesOfTheReader() throws Exception {
    Random random = new Random(4);
    StringBuilder text = new StringBuilder("\n a, b ,c,label\r\n");
    for (int i = 0; i < 41; i++) {
      text.append(
          String.format(
              Locale.ROOT,
              "%.4f,%.3f,%.5f,%d%s",
              random.nextGaussian(),
              random.nextGaussian() * 100,
              random.nextGaussian(),
              random.nextInt(3),
              i % 7 == 3 ? "\r\n\n" : "\n"));
    }
    Path file = temp.resolve("blobs.csv");
    Files.writeString(file, text.toString());
    CsvReader reader = CsvReader.builder().header(true).labelColumn("label").build();
    ArrayDataset expected = reader.read(file);
    for (int partitions : new int[] {1, 2, 5, 16}) {
      assertSameSamples(
          SampleFiles.csv(LocalSpark.get(), file.toString(), reader, partitions).collect(),
          expected);
    }
    Path plain = temp.resolve("plain.csv");
    Files.writeString(plain, "1,2\n3,4\n5,6\n7,8\n9,10");
    CsvReader noHeader = CsvReader.builder().labelColumn(0).build();
    assertSameSamples(
        SampleFiles.csv(LocalSpark.get(), plain.toString(), noHeader, 3).collect(),
        noHeader.read(plain));
  }

  @Test
  void aMissingPathIsNamedOnTheDriver() {
    String images = temp.resolve("absent-images-idx3-ubyte").toString();
    assertThatThrownBy(() -> SampleFiles.idx(LocalSpark.get(), images, images, 2))
        .isInstanceOf(java.nio.file.NoSuchFileException.class)
        .hasMessageStartingWith(images + ": not found on ")
        .hasMessageEndingWith(
            "; a path given to SampleFiles must be visible on the driver and every executor");
    String csv = temp.resolve("absent.csv").toString();
    assertThatThrownBy(() -> SampleFiles.csv(LocalSpark.get(), csv, CsvReader.builder().build(), 2))
        .isInstanceOf(java.nio.file.NoSuchFileException.class)
        .hasMessageStartingWith(csv + ": not found on ");
  }

  @Test
  void aWrongOrTruncatedIdxFileIsNamed() throws Exception {
    Path images = temp.resolve("images-idx3-ubyte");
    Path labels = temp.resolve("labels-idx1-ubyte");
    // 5 images of 2 x 2 promised, 3 present; 5 labels
    Idx.write(images, new Idx.Array(new int[] {3, 2, 2}, new byte[12]), false);
    byte[] bytes = Files.readAllBytes(images);
    bytes[7] = 5;
    Files.write(images, bytes);
    Idx.write(labels, new Idx.Array(new int[] {5}, new byte[5]), false);
    JavaSparkContext spark = LocalSpark.get();
    assertThatThrownBy(() -> SampleFiles.idx(spark, labels.toString(), labels.toString(), 2))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(labels + ": magic number 0x00000801, expected 0x00000803 (images)");
    JavaRDD<Sample> truncated = SampleFiles.idx(spark, images.toString(), labels.toString(), 2);
    assertThatThrownBy(truncated::collect)
        .hasMessageContaining(
            images + ": truncated: samples 2..4 of 4 bytes each are not all there");
  }

  @Test
  void aPathMissingOnAnExecutorFailsTheRunNamingIt() throws Exception {
    Path file = temp.resolve("gone.csv");
    Files.writeString(file, "0.5,1\n0.25,0\n0.75,1\n");
    JavaRDD<Sample> samples =
        SampleFiles.csv(
            LocalSpark.get(), file.toString(), CsvReader.builder().labelColumn(1).build(), 2);
    Files.delete(file);
    try (Sequential model = TestModels.mlp(Backends.get(), 1, 2, 2, 1)) {
      SparkTrainer trainer =
          SparkTrainer.builder()
              .sparkContext(LocalSpark.get())
              .model(model)
              .loss(Map.of("type", "sparse_cross_entropy"))
              .optimizer("{\"optimizer\": \"sgd\", \"lr\": 0.1}")
              .trainingData(samples, new int[] {1}, new int[] {})
              .workers(2)
              .progress(false)
              .build();
      assertThatThrownBy(trainer::fit)
          .isInstanceOf(SparkTrainingException.class)
          .hasMessageContaining("spark trainer: counting the training samples failed on a worker")
          .hasMessageContaining("java.nio.file.NoSuchFileException: " + file + ": not found on ");
    }
  }
}
