// Data movement: fill and the strided copy. Both move 32-bit words as uint, so NaN payloads and
// signed zeros survive bit for bit.

kernel void fill_words(global uint* dst, int offset, int count, uint bits) {
  int i = get_global_id(0);
  if (i < count) {
    dst[offset + i] = bits;
  }
}

kernel void copy_strided(int count, int rank, int8 shape,
                         global const uint* src, int srcOffset, int8 srcStrides,
                         global uint* dst, int dstOffset, int8 dstStrides) {
  int i = get_global_id(0);
  if (i < count) {
    dst[dstOffset + strided_offset(i, rank, shape, dstStrides)] =
        src[srcOffset + strided_offset(i, rank, shape, srcStrides)];
  }
}

kernel void copy_contiguous(int count, global const uint* src, int srcOffset, global uint* dst,
                            int dstOffset) {
  int i = get_global_id(0);
  if (i < count) {
    dst[dstOffset + i] = src[srcOffset + i];
  }
}
