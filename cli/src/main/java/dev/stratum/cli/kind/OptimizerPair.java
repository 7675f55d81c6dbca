package dev.stratum.cli.kind;

import dev.stratum.optim.Optimizer;
import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The two optimizers of a GAN as the one optimizer a run checkpoints and resumes: the
 * discriminator's and the generator's, each over its own network's parameters. The GAN's step
 * updates each player with its own ({@link #discriminator()}, {@link #generator()}); {@link
 * #step()} would step both. The state is both states, the keys prefixed {@code "discriminator."}
 * and {@code "generator."}.
 */
final class OptimizerPair implements Optimizer {

  static final String DISCRIMINATOR = "discriminator.";
  static final String GENERATOR = "generator.";

  private final Optimizer discriminator;
  private final Optimizer generator;

  OptimizerPair(Optimizer discriminator, Optimizer generator) {
    this.discriminator = Objects.requireNonNull(discriminator, "discriminator");
    this.generator = Objects.requireNonNull(generator, "generator");
  }

  Optimizer discriminator() {
    return discriminator;
  }

  Optimizer generator() {
    return generator;
  }

  @Override
  public void step() {
    discriminator.step();
    generator.step();
  }

  @Override
  public void zeroGrad() {
    discriminator.zeroGrad();
    generator.zeroGrad();
  }

  @Override
  public List<ParameterGroup> groups() {
    List<ParameterGroup> groups = new ArrayList<>(discriminator.groups());
    groups.addAll(generator.groups());
    return groups;
  }

  /** The discriminator's steps (the GAN steps both players once per batch). */
  @Override
  public long iterations() {
    return discriminator.iterations();
  }

  @Override
  public Map<String, Tensor> state() {
    Map<String, Tensor> state = new LinkedHashMap<>();
    discriminator.state().forEach((name, value) -> state.put(DISCRIMINATOR + name, value));
    generator.state().forEach((name, value) -> state.put(GENERATOR + name, value));
    return state;
  }

  @Override
  public void loadState(Map<String, Tensor> state) {
    Map<String, Tensor> d = new LinkedHashMap<>();
    Map<String, Tensor> g = new LinkedHashMap<>();
    state.forEach(
        (name, value) -> {
          if (name.startsWith(DISCRIMINATOR)) {
            d.put(name.substring(DISCRIMINATOR.length()), value);
          } else if (name.startsWith(GENERATOR)) {
            g.put(name.substring(GENERATOR.length()), value);
          } else {
            throw new IllegalArgumentException(
                "GAN optimizer state: entry '"
                    + name
                    + "' belongs to neither player (expected the prefix '"
                    + DISCRIMINATOR
                    + "' or '"
                    + GENERATOR
                    + "')");
          }
        });
    discriminator.loadState(d);
    generator.loadState(g);
  }

  @Override
  public void close() {
    try {
      discriminator.close();
    } finally {
      generator.close();
    }
  }
}
