package dev.stratum.autoencoders.pca;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The eigendecomposition {@code A = V·diag(λ)·Vᵀ} of a real symmetric matrix, in double precision:
 * Householder reduction to a tridiagonal matrix, then implicit symmetric QR steps with the
 * Wilkinson shift (Golub and Van Loan, "Matrix Computations", §8.3), each rotation accumulated into
 * the eigenvectors. About {@code 4n³} flops; a few seconds for {@code n = 784}.
 *
 * <p>Eigenvalues come in descending order; eigenvector {@code i} is row {@code i} of {@link
 * #vectors()}, of unit length, with the sign rule of {@link #fixSigns}.
 */
public final class SymmetricEigen {

  private static final int MAX_SWEEPS_PER_VALUE = 60;

  /** Magnitudes this close (relative) are a tie for the sign rule. */
  public static final double TIE = 1e-9;

  private final double[] values;
  private final double[][] vectors;

  private SymmetricEigen(double[] values, double[][] vectors) {
    this.values = values;
    this.vectors = vectors;
  }

  /**
   * Decomposes the symmetric {@code n × n} matrix {@code a} (not modified; only symmetry to
   * rounding is assumed, and the lower triangle is what is read).
   *
   * @throws IllegalArgumentException if {@code a} is not square or holds a non-finite value
   * @throws ArithmeticException if the QR iteration does not converge (never seen in practice)
   */
  public static SymmetricEigen of(double[][] a) {
    int n = a.length;
    double[][] t = new double[n][n];
    for (int i = 0; i < n; i++) {
      if (a[i].length != n) {
        throw new IllegalArgumentException(
            "SymmetricEigen: the matrix must be square, row "
                + i
                + " has "
                + a[i].length
                + " entries, not "
                + n);
      }
      for (int j = 0; j <= i; j++) {
        double v = a[i][j];
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException(
              "SymmetricEigen: entry (" + i + ", " + j + ") is " + v);
        }
        t[i][j] = v;
        t[j][i] = v;
      }
    }
    double[][] q = identity(n);
    tridiagonalize(t, q);
    diagonalize(t, q);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = t[i][i];
    }
    // columns of q are the eigenvectors; sort by descending eigenvalue and return them as rows
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> values[i]).reversed());
    double[] sorted = new double[n];
    double[][] rows = new double[n][n];
    for (int r = 0; r < n; r++) {
      int c = order[r];
      sorted[r] = values[c];
      for (int i = 0; i < n; i++) {
        rows[r][i] = q[i][c];
      }
      fixSigns(rows[r]);
    }
    return new SymmetricEigen(sorted, rows);
  }

  /** The eigenvalues, largest first. */
  public double[] values() {
    return values.clone();
  }

  /** The unit eigenvectors as rows, in the order of {@link #values()}. */
  public double[][] vectors() {
    double[][] copy = new double[vectors.length][];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = vectors[i].clone();
    }
    return copy;
  }

  /**
   * The sign rule: flips {@code v} so that its entry of largest magnitude is positive; among
   * entries whose magnitudes are within {@value #TIE} (relative) of the largest, which rounding
   * cannot tell apart, the first counts. An eigenvector is defined up to its sign; this fixes it.
   */
  public static void fixSigns(double[] v) {
    double largest = 0;
    for (double x : v) {
      largest = Math.max(largest, Math.abs(x));
    }
    for (double x : v) {
      if (Math.abs(x) >= largest * (1 - TIE)) {
        if (x < 0) {
          for (int i = 0; i < v.length; i++) {
            v[i] = -v[i];
          }
        }
        return;
      }
    }
  }

  /**
   * Householder reduction: {@code t ← Hᵀ·t·H} for {@code H = H_0·H_1·…}, each {@code H_k = I −
   * 2vvᵀ} zeroing column {@code k} below its subdiagonal; {@code q ← q·H}.
   */
  private static void tridiagonalize(double[][] t, double[][] q) {
    int n = t.length;
    double[] v = new double[n];
    double[] p = new double[n];
    for (int k = 0; k + 2 < n; k++) {
      double norm = 0;
      for (int i = k + 1; i < n; i++) {
        norm += t[i][k] * t[i][k];
      }
      norm = Math.sqrt(norm);
      if (norm == 0) {
        continue;
      }
      double alpha = t[k + 1][k] > 0 ? -norm : norm;
      // v = x − alpha·e_1, normalised
      double vNorm = 0;
      for (int i = k + 1; i < n; i++) {
        v[i] = t[i][k] - (i == k + 1 ? alpha : 0);
        vNorm += v[i] * v[i];
      }
      vNorm = Math.sqrt(vNorm);
      if (vNorm == 0) {
        continue;
      }
      for (int i = k + 1; i < n; i++) {
        v[i] /= vNorm;
      }
      // the trailing block B ← B − 2(v·wᵀ + w·vᵀ) with p = B·v, K = vᵀp, w = p − K·v
      double kk = 0;
      for (int i = k + 1; i < n; i++) {
        double sum = 0;
        for (int j = k + 1; j < n; j++) {
          sum += t[i][j] * v[j];
        }
        p[i] = sum;
        kk += v[i] * sum;
      }
      for (int i = k + 1; i < n; i++) {
        p[i] -= kk * v[i];
      }
      for (int i = k + 1; i < n; i++) {
        for (int j = k + 1; j < n; j++) {
          t[i][j] -= 2 * (v[i] * p[j] + p[i] * v[j]);
        }
      }
      t[k + 1][k] = alpha;
      t[k][k + 1] = alpha;
      for (int i = k + 2; i < n; i++) {
        t[i][k] = 0;
        t[k][i] = 0;
      }
      // q ← q·(I − 2vvᵀ)
      for (int r = 0; r < n; r++) {
        double dot = 0;
        for (int i = k + 1; i < n; i++) {
          dot += q[r][i] * v[i];
        }
        dot *= 2;
        for (int i = k + 1; i < n; i++) {
          q[r][i] -= dot * v[i];
        }
      }
    }
  }

  /** Implicit shifted QR on the tridiagonal {@code t} until it is diagonal; {@code q ← q·G…}. */
  private static void diagonalize(double[][] t, double[][] q) {
    int n = t.length;
    double eps = Math.ulp(1.0);
    int m = n - 1;
    int steps = 0;
    while (m > 0) {
      if (negligible(t, m, eps)) {
        t[m][m - 1] = 0;
        t[m - 1][m] = 0;
        m--;
        continue;
      }
      int l = m - 1;
      while (l > 0 && !negligible(t, l, eps)) {
        l--;
      }
      if (l > 0) {
        t[l][l - 1] = 0;
        t[l - 1][l] = 0;
      }
      if (++steps > MAX_SWEEPS_PER_VALUE * n) {
        throw new ArithmeticException(
            "SymmetricEigen: the QR iteration did not converge in " + steps + " steps");
      }
      qrStep(t, q, l, m);
    }
  }

  /** Whether the subdiagonal entry {@code t[i][i−1]} is below rounding of its neighbours. */
  private static boolean negligible(double[][] t, int i, double eps) {
    return Math.abs(t[i][i - 1]) <= eps * (Math.abs(t[i - 1][i - 1]) + Math.abs(t[i][i]));
  }

  /** One implicit QR step with the Wilkinson shift on the unreduced block {@code [l, m]}. */
  private static void qrStep(double[][] t, double[][] q, int l, int m) {
    double delta = (t[m - 1][m - 1] - t[m][m]) / 2;
    double e = t[m][m - 1];
    double sign = delta >= 0 ? 1 : -1;
    double mu = t[m][m] - e * e / (delta + sign * Math.hypot(delta, e));
    double x = t[l][l] - mu;
    double z = t[l + 1][l];
    for (int k = l; k < m; k++) {
      // c, s with s·x + c·z = 0: the rotation that zeroes z (the bulge, once k > l)
      double c;
      double s;
      if (z == 0) {
        c = 1;
        s = 0;
      } else if (Math.abs(z) > Math.abs(x)) {
        double tau = -x / z;
        s = 1 / Math.sqrt(1 + tau * tau);
        c = s * tau;
      } else {
        double tau = -z / x;
        c = 1 / Math.sqrt(1 + tau * tau);
        s = c * tau;
      }
      rotate(t, k, c, s, Math.max(l, k - 1), Math.min(m, k + 2));
      for (double[] row : q) {
        double a = row[k];
        double b = row[k + 1];
        row[k] = c * a - s * b;
        row[k + 1] = s * a + c * b;
      }
      if (k + 1 < m) {
        x = t[k + 1][k];
        z = t[k + 2][k];
      }
    }
  }

  /** {@code t ← Gᵀ·t·G} on rows and columns {@code k, k+1}, within {@code [lo, hi]}. */
  private static void rotate(double[][] t, int k, double c, double s, int lo, int hi) {
    for (int j = lo; j <= hi; j++) {
      double a = t[k][j];
      double b = t[k + 1][j];
      t[k][j] = c * a - s * b;
      t[k + 1][j] = s * a + c * b;
    }
    for (int i = lo; i <= hi; i++) {
      double a = t[i][k];
      double b = t[i][k + 1];
      t[i][k] = c * a - s * b;
      t[i][k + 1] = s * a + c * b;
    }
  }

  private static double[][] identity(int n) {
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      m[i][i] = 1;
    }
    return m;
  }
}
