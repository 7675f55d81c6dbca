package dev.stratum.optimizers.clip;

import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Gradient clipping as plain functions over parameters, in place and without recording a graph.
 * Parameters without a gradient are ignored. Norms are Euclidean; a scaled gradient is multiplied
 * by {@code maxNorm / (norm + 1e-6)}, as in PyTorch's {@code clip_grad_norm_}, so a clipped norm
 * ends a hair under {@code maxNorm}.
 */
public final class GradientClipping {

  /** Added to a norm before dividing by it. */
  public static final double NORM_EPSILON = 1e-6;

  private GradientClipping() {}

  /** Limits every gradient element to {@code [−limit, limit]}. */
  public static void clipByValue(Collection<Tensor> parameters, float limit) {
    checkLimit(limit);
    try (NoGrad ignored = Autograd.noGrad()) {
      for (Tensor p : parameters) {
        Tensor g = p.grad();
        if (g != null) {
          try (TensorScope scope = TensorScope.open()) {
            g.copyFrom(g.clamp(-limit, limit));
          }
        }
      }
    }
  }

  /**
   * Scales each gradient whose norm exceeds {@code maxNorm} down to it, parameter by parameter.
   * Returns the norms before clipping, in order (NaN for a parameter without a gradient).
   */
  public static double[] clipByNorm(Collection<Tensor> parameters, double maxNorm) {
    checkMaxNorm("clipByNorm", maxNorm);
    double[] norms = new double[parameters.size()];
    int i = 0;
    try (NoGrad ignored = Autograd.noGrad()) {
      for (Tensor p : parameters) {
        Tensor g = p.grad();
        norms[i] = g == null ? Double.NaN : Math.sqrt(squaredNorm(g));
        if (norms[i] > maxNorm) {
          g.mulInPlace((float) (maxNorm / (norms[i] + NORM_EPSILON)));
        }
        i++;
      }
    }
    return norms;
  }

  /**
   * Scales all gradients by one factor so that their joint norm {@code √Σ‖g‖²} is at most {@code
   * maxNorm}. Returns the joint norm before clipping (NaN or infinite if a gradient is).
   */
  public static double clipByGlobalNorm(Collection<Tensor> parameters, double maxNorm) {
    checkMaxNorm("clipByGlobalNorm", maxNorm);
    double norm = globalNorm(parameters);
    if (norm > maxNorm) {
      float scale = (float) (maxNorm / (norm + NORM_EPSILON));
      try (NoGrad ignored = Autograd.noGrad()) {
        for (Tensor p : parameters) {
          if (p.grad() != null) {
            p.grad().mulInPlace(scale);
          }
        }
      }
    }
    return norm;
  }

  /** The joint Euclidean norm of every gradient, summed in double precision across parameters. */
  public static double globalNorm(Collection<Tensor> parameters) {
    double sum = 0;
    try (NoGrad ignored = Autograd.noGrad()) {
      for (Tensor p : parameters) {
        if (p.grad() != null) {
          sum += squaredNorm(p.grad());
        }
      }
    }
    return Math.sqrt(sum);
  }

  /**
   * The names of the parameters whose gradient holds a NaN or an infinity, in order. (Found as
   * {@code Σ(g − g)}, which is 0 exactly when every element is finite, so a huge finite gradient is
   * not mistaken for an overflow.)
   */
  public static List<String> nonFinite(Map<String, Tensor> parameters) {
    List<String> names = new ArrayList<>();
    try (NoGrad ignored = Autograd.noGrad()) {
      for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
        Tensor g = e.getValue().grad();
        if (g != null) {
          try (TensorScope scope = TensorScope.open()) {
            if (g.sub(g).sum().item() != 0f) {
              names.add(e.getKey());
            }
          }
        }
      }
    }
    return names;
  }

  private static double squaredNorm(Tensor g) {
    try (TensorScope scope = TensorScope.open()) {
      return g.square().sum().item();
    }
  }

  static void checkLimit(float limit) {
    if (!(limit > 0) || Float.isInfinite(limit)) {
      throw new IllegalArgumentException("clipByValue: limit must be finite and > 0, got " + limit);
    }
  }

  static void checkMaxNorm(String op, double maxNorm) {
    if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
      throw new IllegalArgumentException(op + ": maxNorm must be finite and > 0, got " + maxNorm);
    }
  }
}
