// The fused kernels the backend offers as capabilities (dev.stratum.backend.fused): bias +
// activation (the tail of a dense layer), the gradient through an activation, axpy (the core of
// optimizer updates) and Adam's step, each one pass without the temporaries of the compositions of
// core kernels they replace, and each rounding as those compositions do (FP_CONTRACT OFF; sqrt
// and / as in elementwise.cl), so the results are the same bits.

// act < 0: no activation.
kernel void bias_activation(int act, float alpha, global const float* x, global const float* bias,
                            int rows, int cols, global float* out) {
  int t = get_global_id(0);
  if (t >= rows * cols) {
    return;
  }
  float v = x[t] + bias[t % cols];
  out[t] = act < 0 ? v : apply_unary(act, alpha, v);
}

// out = g·act'(y) from the activation's output y, each product and sum rounded on its own in the
// order of FusedActivationGradient's composition; s is STEP as unary computes it (NaN for NaN).
kernel void activation_gradient(int act, float alpha, global const float* y,
                                global const float* g, global float* out, int count) {
  int i = get_global_id(0);
  if (i >= count) {
    return;
  }
  float v = y[i];
  float s = apply_unary(U_STEP, 0.0f, v);
  // not a switch: only these five reach here (the host checks), and U_RELU's derivative is s
  float d = s;
  if (act == U_SIGMOID) {
    d = v * (-v + 1.0f);
  } else if (act == U_TANH) {
    d = -(v * v) + 1.0f;
  } else if (act == U_LEAKY_RELU) {
    d = s * (1.0f - alpha) + alpha;
  } else if (act == U_ELU) {
    d = s != 0.0f ? 1.0f : v + alpha;  // a NaN s counts as true, as where's condition
  }
  out[i] = g[i] * d;
}

// y += alpha·x, multiply and add rounded separately (FP_CONTRACT OFF), as the CPU backend does.
kernel void axpy(float alpha, global const float* x, global float* y, int count) {
  int i = get_global_id(0);
  if (i < count) {
    y[i] = y[i] + alpha * x[i];
  }
}

// Adam's step in place on p, m and v, in FusedAdam's order: each product and sum rounded on its own.
kernel void adam_update(global float* p, global const float* g, global float* m, global float* v,
                        int count, float beta1, float one_minus_beta1, float beta2,
                        float one_minus_beta2, float negative_step, float v_scale, float epsilon) {
  int i = get_global_id(0);
  if (i >= count) {
    return;
  }
  float gi = g[i];
  float mi = m[i] * beta1 + one_minus_beta1 * gi;
  float vi = v[i] * beta2 + one_minus_beta2 * (gi * gi);
  m[i] = mi;
  v[i] = vi;
  float denominator = sqrt(vi) * v_scale + epsilon;
  p[i] = p[i] + negative_step * (mi / denominator);
}
