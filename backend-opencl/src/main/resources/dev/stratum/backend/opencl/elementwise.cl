// Element-wise kernels: unary functions, binary functions and where, with broadcasting as strides.
// One work-item per output element; the op is a kernel argument, uniform across the launch, so the
// switch costs a branch the whole launch takes the same way.

// Offset of flat index i of a row-major index space `shape` (rank axes) walked with `strides`.
inline int strided_offset(int i, int rank, int8 shape, int8 strides) {
  int offset = 0;
  for (int d = rank - 1; d >= 0; d--) {
    int extent = lane(shape, d);
    offset += (i % extent) * lane(strides, d);
    i /= extent;
  }
  return offset;
}

kernel void unary(int op, float alpha, global const float* x, global float* out, int count) {
  int i = get_global_id(0);
  if (i < count) {
    out[i] = apply_unary(op, alpha, x[i]);
  }
}

kernel void binary(int op, int count, int rank, int8 shape,
                   global const float* a, int aOffset, int8 aStrides,
                   global const float* b, int bOffset, int8 bStrides,
                   global float* out, int outOffset) {
  int i = get_global_id(0);
  if (i < count) {
    float av = a[aOffset + strided_offset(i, rank, shape, aStrides)];
    float bv = b[bOffset + strided_offset(i, rank, shape, bStrides)];
    out[outOffset + i] = apply_binary(op, av, bv);
  }
}

// The common case of equal shapes, both contiguous: no index arithmetic at all.
kernel void binary_contiguous(int op, int count, global const float* a, global const float* b,
                              global float* out) {
  int i = get_global_id(0);
  if (i < count) {
    out[i] = apply_binary(op, a[i], b[i]);
  }
}

kernel void where_select(int count, int rank, int8 shape,
                         global const float* cond, int condOffset, int8 condStrides,
                         global const float* a, int aOffset, int8 aStrides,
                         global const float* b, int bOffset, int8 bStrides,
                         global float* out, int outOffset) {
  int i = get_global_id(0);
  if (i < count) {
    // != is unordered: a NaN condition counts as true, as the SPI asks
    float c = cond[condOffset + strided_offset(i, rank, shape, condStrides)];
    out[outOffset + i] = c != 0.0f
        ? a[aOffset + strided_offset(i, rank, shape, aStrides)]
        : b[bOffset + strided_offset(i, rank, shape, bStrides)];
  }
}
