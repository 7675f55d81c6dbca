package dev.stratum.cli.picture;

/**
 * The first principal components of a set of points, for drawing codes of more than two values on a
 * plane: the points are centred and projected on the leading eigenvectors of their covariance,
 * found by power iteration with deflation (in double precision; the covariance is only {@code d ×
 * d} for codes of {@code d} values).
 *
 * @param projected {@code projected[i][k]}: point {@code i} on component {@code k}
 * @param explained the fraction of the total variance along each component
 */
public record PrincipalComponents(double[][] projected, double[] explained) {

  private static final int ITERATIONS = 500;

  /**
   * Projects {@code points} (one row per point, all of the same length) on {@code k} components.
   */
  public static PrincipalComponents of(float[][] points, int k) {
    int n = points.length;
    if (n < 2) {
      throw new IllegalArgumentException("principal components: need at least 2 points, got " + n);
    }
    int d = points[0].length;
    if (k < 1 || k > d) {
      throw new IllegalArgumentException(
          "principal components: " + k + " components of " + d + "-dimensional points");
    }
    double[] mean = new double[d];
    for (float[] p : points) {
      if (p.length != d) {
        throw new IllegalArgumentException(
            "principal components: points of " + d + " and " + p.length + " values");
      }
      for (int j = 0; j < d; j++) {
        mean[j] += p[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    double[][] covariance = new double[d][d];
    double[] centred = new double[d];
    for (float[] p : points) {
      for (int j = 0; j < d; j++) {
        centred[j] = p[j] - mean[j];
      }
      for (int a = 0; a < d; a++) {
        for (int b = a; b < d; b++) {
          covariance[a][b] += centred[a] * centred[b];
        }
      }
    }
    double total = 0;
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        covariance[a][b] /= n - 1;
        covariance[b][a] = covariance[a][b];
      }
      total += covariance[a][a];
    }
    double[][] components = new double[k][];
    double[] explained = new double[k];
    for (int c = 0; c < k; c++) {
      double[] v = leadingEigenvector(covariance, c);
      double lambda = rayleigh(covariance, v);
      components[c] = v;
      explained[c] = total > 0 ? lambda / total : 0;
      // deflate: remove this direction so the next iteration finds the next one
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          covariance[a][b] -= lambda * v[a] * v[b];
        }
      }
    }
    double[][] projected = new double[n][k];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += (points[i][j] - mean[j]) * components[c][j];
        }
        projected[i][c] = s;
      }
    }
    return new PrincipalComponents(projected, explained);
  }

  private static double[] leadingEigenvector(double[][] m, int seed) {
    int d = m.length;
    double[] v = new double[d];
    // a fixed start that no direction is orthogonal to in general
    for (int j = 0; j < d; j++) {
      v[j] = 1.0 + 0.1 * ((j * 7 + seed * 3) % 11);
    }
    normalise(v);
    double[] next = new double[d];
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      for (int a = 0; a < d; a++) {
        double s = 0;
        for (int b = 0; b < d; b++) {
          s += m[a][b] * v[b];
        }
        next[a] = s;
      }
      if (normalise(next) == 0) {
        return v; // nothing left: any unit vector will do
      }
      double change = 0;
      for (int j = 0; j < d; j++) {
        change += Math.abs(next[j] - v[j]);
      }
      System.arraycopy(next, 0, v, 0, d);
      if (change < 1e-12) {
        break;
      }
    }
    // a sign convention, so that the picture does not flip between runs
    double largest = 0;
    for (double x : v) {
      largest = Math.abs(x) > Math.abs(largest) ? x : largest;
    }
    if (largest < 0) {
      for (int j = 0; j < d; j++) {
        v[j] = -v[j];
      }
    }
    return v;
  }

  private static double rayleigh(double[][] m, double[] v) {
    double s = 0;
    for (int a = 0; a < m.length; a++) {
      for (int b = 0; b < m.length; b++) {
        s += v[a] * m[a][b] * v[b];
      }
    }
    return s;
  }

  private static double normalise(double[] v) {
    double norm = 0;
    for (double x : v) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) {
      for (int j = 0; j < v.length; j++) {
        v[j] /= norm;
      }
    }
    return norm;
  }
}
