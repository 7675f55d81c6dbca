package dev.stratum.autoencoders.eval;

/**
 * Peak signal-to-noise ratio of an image against its clean reference, in decibels:
 *
 * <pre>
 *   PSNR = 10 · log10(peak² / MSE),   MSE = (1/D) Σ_i (x_i − r_i)²
 * </pre>
 *
 * with {@code peak} the largest possible value (1 for pixels in [0, 1]); identical images give
 * {@code +∞}. Over a set, {@link #mean} averages the images' PSNRs (each image's own MSE), as
 * denoising papers report it; images are not clipped first.
 */
public final class Psnr {

  private Psnr() {}

  /** The PSNR of {@code image} against {@code reference} (same length) for {@code peak}. */
  public static double of(float[] reference, float[] image, double peak) {
    if (reference.length != image.length || reference.length == 0) {
      throw new IllegalArgumentException(
          "PSNR: the images have " + reference.length + " and " + image.length + " values");
    }
    return of(reference, 0, image, 0, reference.length, peak);
  }

  private static double of(
      float[] reference, int ro, float[] image, int io, int length, double peak) {
    if (!(peak > 0)) {
      throw new IllegalArgumentException("PSNR: the peak must be > 0, got " + peak);
    }
    double sum = 0;
    for (int i = 0; i < length; i++) {
      double d = image[io + i] - reference[ro + i];
      sum += d * d;
    }
    double mse = sum / length;
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(peak * peak / mse);
  }

  /** The mean over rows of each row's PSNR against the same row of {@code reference}. */
  public static double mean(Features reference, Features images, double peak) {
    if (reference.count() != images.count() || reference.dimension() != images.dimension()) {
      throw new IllegalArgumentException(
          "PSNR: "
              + reference.count()
              + " reference images of "
              + reference.dimension()
              + " values against "
              + images.count()
              + " of "
              + images.dimension());
    }
    int d = reference.dimension();
    double total = 0;
    for (int i = 0; i < reference.count(); i++) {
      total += of(reference.values(), i * d, images.values(), i * d, d, peak);
    }
    return total / reference.count();
  }
}
