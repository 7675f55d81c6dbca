package dev.stratum.conformance.tensor;

import dev.stratum.backend.Backend;
import java.util.function.Consumer;

/** One tensor-level check of the kit: a display name and a body run against the backend. */
public record TensorCheck(String name, Consumer<Backend> body) {}
