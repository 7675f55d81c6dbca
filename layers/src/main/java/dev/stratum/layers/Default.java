package dev.stratum.layers;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of a config record (see {@link LayerType}) whose key may be missing from a
 * layer's JSON config, and says what it then is.
 *
 * <pre>{@code
 * record Config(int kernel, @Default("1") int stride, @Default Initializer weightInit) {
 *   Config {
 *     weightInit = Objects.requireNonNullElse(weightInit, Initializer.fanInUniform());
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #value()} is written as the JSON value would be, without quotes: {@code "1"}, {@code
 * "0.1"}, {@code "true"}, {@code "nearest"} (for numbers, booleans, strings and enum constants).
 * Left empty, a missing key reads as {@code null}, and the record's compact constructor gives it
 * its value: for defaults that are not a literal (an initializer, a pooling stride that follows the
 * kernel), and for {@link LayerOptions}'s "null means the layer's own default". A component without
 * this annotation is required.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Default {

  /** The value of a missing key as JSON text without quotes, or empty for {@code null}. */
  String value() default "";
}
