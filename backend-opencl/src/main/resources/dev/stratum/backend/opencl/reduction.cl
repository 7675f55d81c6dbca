// Reductions over the middle axis of [outer, extent, inner], arg-reductions and softmax.
// Short extents run one work-item per output, walking the extent (neighbouring work-items read
// neighbouring columns); long ones give each output a work-group of GROUP work-items that stride
// over the extent and then combine their partial results in a tree in local memory.

#ifndef GROUP
#define GROUP 64
#endif

inline float identity(int op) {
  return op == R_SUM ? 0.0f : op == R_MAX ? -INFINITY : INFINITY;
}

// Element 0 of the extent that output t = o·inner + j reduces.
inline int extent_start(int t, int extent, int inner) {
  int o = t / inner;
  return o * extent * inner + (t - o * inner);
}

// Tree-combines one value per work-item of the group; every work-item gets the result.
inline float group_combine(int op, float v, local float* scratch) {
  int lid = get_local_id(0);
  scratch[lid] = v;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int step = GROUP / 2; step > 0; step >>= 1) {
    if (lid < step) {
      scratch[lid] = combine(op, scratch[lid], scratch[lid + step]);
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  float result = scratch[0];
  barrier(CLK_LOCAL_MEM_FENCE);
  return result;
}

kernel void reduce_serial(int op, global const float* x, int outer, int extent, int inner,
                          global float* out) {
  int t = get_global_id(0);
  if (t >= outer * inner) {
    return;
  }
  int base = extent_start(t, extent, inner);
  float acc = extent == 0 ? 0.0f : x[base];
  for (int e = 1; e < extent; e++) {
    acc = combine(op, acc, x[base + e * inner]);
  }
  out[t] = acc;
}

// One work-group per output element; get_group_id(0) is o * inner + j.
kernel void reduce_tree(int op, global const float* x, int extent, int inner, global float* out) {
  local float scratch[GROUP];
  int t = get_group_id(0);
  int base = extent_start(t, extent, inner);
  float acc = identity(op);
  for (int e = get_local_id(0); e < extent; e += GROUP) {
    acc = combine(op, acc, x[base + e * inner]);
  }
  acc = group_combine(op, acc, scratch);
  if (get_local_id(0) == 0) {
    out[t] = acc;
  }
}

// First index of the extreme; the first NaN wins (NumPy's rule). Sequential: each step depends on
// the last, and the kernel is rare (accuracy metrics, not training steps).
kernel void arg_reduce(int isMax, global const float* x, int outer, int extent, int inner,
                       global float* out) {
  int t = get_global_id(0);
  if (t >= outer * inner) {
    return;
  }
  int base = extent_start(t, extent, inner);
  float best = x[base];
  int bestIndex = 0;
  for (int e = 1; e < extent && !isnan(best); e++) {
    float v = x[base + e * inner];
    if (isnan(v) || (isMax ? v > best : v < best)) {
      best = v;
      bestIndex = e;
    }
  }
  out[t] = (float) bestIndex;
}

// One work-group per row: the row maximum, then the sum of e^(x - max), both as trees.
kernel void softmax_rows(int logSoftmax, global const float* x, int cols, global float* out) {
  local float scratch[GROUP];
  int base = get_group_id(0) * cols;
  int lid = get_local_id(0);
  float max = -INFINITY;
  for (int c = lid; c < cols; c += GROUP) {
    max = combine(R_MAX, max, x[base + c]);
  }
  max = group_combine(R_MAX, max, scratch);
  float sum = 0.0f;
  for (int c = lid; c < cols; c += GROUP) {
    sum += exp(x[base + c] - max);
  }
  sum = group_combine(R_SUM, sum, scratch);
  if (logSoftmax) {
    // (x - max) first: that difference is exact near the maximum, where precision matters
    float logSum = log(sum);
    for (int c = lid; c < cols; c += GROUP) {
      out[base + c] = x[base + c] - max - logSum;
    }
  } else {
    float scale = 1.0f / sum;
    for (int c = lid; c < cols; c += GROUP) {
      out[base + c] = exp(x[base + c] - max) * scale;
    }
  }
}
