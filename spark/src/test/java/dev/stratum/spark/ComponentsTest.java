package dev.stratum.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backends;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.inject.LayersModule;
import dev.stratum.layers.loss.LossesModule;
import dev.stratum.optimizers.spec.OptimizersModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/** The registries executors rebuild from travel as a few names and work on the other side. */
class ComponentsTest {

  static final GuiceComponents GUICE =
      new GuiceComponents(
          List.of(
              LayersModule.class.getName(),
              LossesModule.class.getName(),
              OptimizersModule.class.getName()));

  @Test
  void guiceComponentsSurviveJavaSerializationAndFindTheRegistries() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(GUICE);
      out.writeObject(Components.builtIn());
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      Components guice = (Components) in.readObject();
      assertThat(in.readObject()).isSameAs(Components.builtIn());
      assertThat(guice.layers()).containsKeys("dense", "conv2d", "sequential");
      assertThat(guice.losses()).containsKeys("sparse_cross_entropy", "mse");
      try (Sequential model = TestModels.mlp(Backends.get(), 2, 2, 2, 1)) {
        assertThat(
                guice
                    .optimizers()
                    .build("{\"optimizer\": \"adam\"}", model.parameters())
                    .optimizer()
                    .groups())
            .hasSize(1);
      }
    }
  }

  @Test
  void aModuleThatIsNotThereIsNamed() {
    GuiceComponents missing = new GuiceComponents(List.of("com.example.NoSuchModule"));
    assertThatThrownBy(missing::layers)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "guice components: module class com.example.NoSuchModule is not on the executor's"
                + " class path");
    assertThatThrownBy(() -> new GuiceComponents(List.of(String.class.getName())).layers())
        .hasMessage("guice components: java.lang.String is not a com.google.inject.Module");
  }

  @Test
  void aRunBuildsItsExecutorModelsThroughGuiceModules() {
    JavaSparkContext spark = LocalSpark.get();
    var data = TestModels.blobs(32, 8, 3, 8);
    try (Sequential model = TestModels.mlp(Backends.get(), 8, 8, 3, 2)) {
      double loss =
          SparkTrainer.builder()
              .sparkContext(spark)
              .model(model)
              .components(GUICE)
              .loss(Map.of("type", "sparse_cross_entropy"))
              .optimizer("{\"optimizer\": \"sgd\", \"lr\": 0.1}")
              .trainingData(spark.parallelize(Sample.of(data), 2), new int[] {8}, new int[] {})
              .workers(2)
              .batchSize(8)
              .progress(false)
              .build()
              .fit()
              .last()
              .get("loss");
      assertThat(loss).isFinite().isPositive();
    }
  }
}
