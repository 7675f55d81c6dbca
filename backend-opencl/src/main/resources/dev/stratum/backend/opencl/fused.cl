// The optional fused kernels: bias + activation (the tail of a dense layer) and axpy (the core of
// optimizer updates), each one pass without the temporaries of the SPI's default versions.

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
