package dev.stratum.cli.kind;

import java.util.List;

/**
 * Every model kind the command line knows, in the order {@code --help} lists them. Adding a kind is
 * a class implementing {@link ModelKind} and a line here.
 */
public final class ModelKinds {

  private static final List<ModelKind> ALL =
      List.of(
          new Mlp(),
          new Cnn(),
          new RecurrentClassifier(),
          new DenseAutoencoder(),
          new SparseKind(),
          new DenoisingKind(),
          new ContractiveKind(),
          new ConvolutionalKind(),
          new VaeKind(),
          new GanKind());

  private ModelKinds() {}

  /** All kinds. */
  public static List<ModelKind> all() {
    return ALL;
  }

  /** The kind called {@code name}; throws, listing the known names, when there is none. */
  public static ModelKind named(String name) {
    return ALL.stream()
        .filter(kind -> kind.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown model '" + name + "'; known models: " + String.join(", ", names())));
  }

  /** The names of all kinds. */
  public static List<String> names() {
    return ALL.stream().map(ModelKind::name).toList();
  }

  /** The names of the kinds that take the model setting {@code option} ({@code "--beta"}, ...). */
  public static List<String> namesTaking(String option) {
    return ALL.stream().filter(k -> k.options().contains(option)).map(ModelKind::name).toList();
  }

  /** The names of the kinds that implement {@code capability} ({@link Encodes}, ...). */
  public static List<String> namesWith(Class<?> capability) {
    return ALL.stream().filter(capability::isInstance).map(ModelKind::name).toList();
  }
}
