package dev.stratum.data;

/** The Philox stream number of one sample in one epoch, shared by the noise transforms. */
final class NoiseStreams {

  private NoiseStreams() {}

  /**
   * {@code epoch·2^32 + sample}; epochs up to 2^32 − 1 and samples up to 2^31 − 1 never collide.
   */
  static long stream(long epoch, int sample) {
    if (epoch < 0 || epoch > 0xFFFF_FFFFL || sample < 0) {
      throw new IllegalArgumentException(
          "noise: epoch " + epoch + " or sample " + sample + " is out of range");
    }
    return (epoch << 32) | sample;
  }
}
