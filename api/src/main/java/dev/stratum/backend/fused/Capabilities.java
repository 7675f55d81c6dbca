package dev.stratum.backend.fused;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The capabilities one backend offers, each an implementation of one interface (such as {@link
 * FusedAdam}), built once when the backend is created; its {@link
 * dev.stratum.backend.Backend#capability} answers with {@link #find}. Immutable: {@link #with}
 * returns a new set.
 *
 * <pre>{@code
 * private final Capabilities capabilities =
 *     Capabilities.none().with(FusedAxpy.class, this::axpy).with(FusedAdam.class, this::adamUpdate);
 *
 * public <T> Optional<T> capability(Class<T> type) {
 *   return capabilities.find(type);
 * }
 * }</pre>
 */
public final class Capabilities {

  private static final Capabilities NONE = new Capabilities(Map.of());

  // the Optionals are made once, so a lookup on every kernel call allocates nothing
  private final Map<Class<?>, Optional<?>> offered;

  private Capabilities(Map<Class<?>, Optional<?>> offered) {
    this.offered = offered;
  }

  /** The empty set: a backend that offers no fused kernel. */
  public static Capabilities none() {
    return NONE;
  }

  /**
   * These capabilities and {@code implementation} as {@code type}.
   *
   * @throws IllegalArgumentException if {@code type} is not an interface, or is already offered
   */
  public <T> Capabilities with(Class<T> type, T implementation) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(implementation, "implementation");
    if (!type.isInterface()) {
      throw new IllegalArgumentException(
          "a capability is an interface, such as FusedAdam; got the class " + type.getName());
    }
    if (offered.containsKey(type)) {
      throw new IllegalArgumentException(
          "capability " + type.getSimpleName() + " is offered twice; offer each type once");
    }
    Map<Class<?>, Optional<?>> more = new HashMap<>(offered);
    more.put(type, Optional.of(type.cast(implementation)));
    return new Capabilities(Map.copyOf(more));
  }

  /** The implementation of {@code type}, or empty if it is not offered. */
  public <T> Optional<T> find(Class<T> type) {
    Optional<?> found = offered.get(Objects.requireNonNull(type, "type"));
    if (found == null) {
      return Optional.empty();
    }
    @SuppressWarnings("unchecked") // with() stored it under its own type
    Optional<T> typed = (Optional<T>) found;
    return typed;
  }

  /** The simple names of the types offered, sorted: {@code [FusedAdam, FusedAxpy]}. */
  @Override
  public String toString() {
    return offered.keySet().stream().map(Class::getSimpleName).sorted().toList().toString();
  }
}
