package dev.stratum.autoencoders.pca;

import java.util.Arrays;

/**
 * The principal angles {@code 0 ≤ θ_1 ≤ … ≤ θ_k ≤ π/2} between the subspaces spanned by two sets of
 * {@code k} vectors in {@code R^d}: the angles between their closest pairs of directions. Both
 * bases are orthonormalised (modified Gram–Schmidt, twice); with {@code Q_A}, {@code Q_B} the
 * results, the sines of the angles are the singular values of {@code (I − Q_A·Q_Aᵀ)·Q_B}, which are
 * accurate for small angles, where cosines are not. Two bases span the same subspace when the
 * largest angle is 0.
 */
public final class PrincipalAngles {

  private PrincipalAngles() {}

  /**
   * The principal angles in radians, smallest first, between the spans of the rows of {@code a} and
   * of {@code b} ({@code k} vectors of length {@code d} each).
   *
   * @throws IllegalArgumentException if the sets differ in size or length, or a set is rank
   *     deficient
   */
  public static double[] between(double[][] a, double[][] b) {
    if (a.length != b.length || a.length == 0 || a[0].length != b[0].length) {
      throw new IllegalArgumentException(
          "PrincipalAngles: need two sets of k vectors of one length, got "
              + a.length
              + " and "
              + b.length
              + " vectors");
    }
    double[][] qa = orthonormal(a, "the first set");
    double[][] qb = orthonormal(b, "the second set");
    int k = qa.length;
    int d = qa[0].length;
    // p_j = q_b,j − Σ_i (q_a,i · q_b,j) q_a,i
    double[][] p = new double[k][];
    for (int j = 0; j < k; j++) {
      p[j] = qb[j].clone();
      for (int pass = 0; pass < 2; pass++) {
        for (double[] q : qa) {
          double dot = dot(q, p[j]);
          for (int x = 0; x < d; x++) {
            p[j][x] -= dot * q[x];
          }
        }
      }
    }
    double[][] gram = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        gram[i][j] = dot(p[i], p[j]);
      }
    }
    double[] squares = SymmetricEigen.of(gram).values();
    double[] angles = new double[k];
    for (int i = 0; i < k; i++) {
      double sine = Math.sqrt(Math.max(0, Math.min(1, squares[i])));
      angles[i] = Math.asin(sine);
    }
    Arrays.sort(angles);
    return angles;
  }

  /** The largest principal angle in degrees. */
  public static double largestDegrees(double[][] a, double[][] b) {
    double[] angles = between(a, b);
    return Math.toDegrees(angles[angles.length - 1]);
  }

  private static double[][] orthonormal(double[][] vectors, String what) {
    int k = vectors.length;
    double[][] q = new double[k][];
    for (int j = 0; j < k; j++) {
      double[] v = vectors[j].clone();
      double original = Math.sqrt(dot(v, v));
      for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < j; i++) {
          double dot = dot(q[i], v);
          for (int x = 0; x < v.length; x++) {
            v[x] -= dot * q[i][x];
          }
        }
      }
      double norm = Math.sqrt(dot(v, v));
      if (!(norm > 1e-10 * original) || original == 0) {
        throw new IllegalArgumentException(
            "PrincipalAngles: "
                + what
                + " is rank deficient (vector "
                + j
                + " depends on the others)");
      }
      for (int x = 0; x < v.length; x++) {
        v[x] /= norm;
      }
      q[j] = v;
    }
    return q;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
