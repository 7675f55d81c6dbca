// The fused kernels the backend offers as capabilities (dev.stratum.backend.fused): bias +
// activation (the tail of a dense layer), axpy (the core of optimizer updates) and Adam's step, each
// one pass without the temporaries of the compositions of core kernels they replace, and each
// rounding as those compositions do (FP_CONTRACT OFF; sqrt and / as in elementwise.cl), so the
// results are the same bits.

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
