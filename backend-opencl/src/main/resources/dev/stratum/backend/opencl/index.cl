// Gather and scatter-add along the middle axis of [outer, extent, inner].
//
// Indices arrive as floats holding whole numbers, checked by the API. The kernels check them again
// on the device, because an index out of range here would read or write outside a buffer: a gather
// writes NaN for such an index and a scatter-add ignores it.

inline int valid_index(float value, int extent) {
  return value >= 0.0f && value < (float) extent && value == floor(value);
}

// One work-item per output element (o, i, j); moves words as uint, bit for bit.
kernel void index_select(global const uint* src, int outer, int srcExtent, int inner,
                         global const float* indices, int count, global uint* out) {
  int t = get_global_id(0);
  if (t >= outer * count * inner) {
    return;
  }
  int j = t % inner;
  int i = (t / inner) % count;
  int o = t / (inner * count);
  float index = indices[i];
  out[t] = valid_index(index, srcExtent)
      ? src[(o * srcExtent + (int) index) * inner + j]
      : 0x7fc00000u;
}

// Scatter-add, deterministically: instead of atomics (whose order, and so whose float rounding,
// changes from run to run), the (index, position) pairs are sorted and each run of equal indices is
// summed by one work-item, in the order of the positions, as the CPU backend sums them.
//
// Step 1: keys[p] = index << 32 | p, and ULONG_MAX (sorted last, ignored) for padding and for
// invalid indices.
kernel void index_keys(global const float* indices, int count, int extent, global ulong* keys,
                       int padded) {
  int p = get_global_id(0);
  if (p >= padded) {
    return;
  }
  ulong key = ULONG_MAX;
  if (p < count && valid_index(indices[p], extent)) {
    key = ((ulong) (uint) indices[p] << 32) | (ulong) p;
  }
  keys[p] = key;
}

// Step 2: one compare-and-swap pass of a bitonic sort over `padded` (a power of two) keys; the
// host runs the passes for every (size, distance) pair. Keys are distinct, so the order is total.
kernel void bitonic_pass(global ulong* keys, int size, int distance, int padded) {
  int i = get_global_id(0);
  if (i >= padded) {
    return;
  }
  int partner = i ^ distance;
  if (partner > i) {
    ulong a = keys[i];
    ulong b = keys[partner];
    int ascending = (i & size) == 0;
    if ((a > b) == ascending) {
      keys[i] = b;
      keys[partner] = a;
    }
  }
}

// Step 3: one work-item per (o, sorted position p, j); the first position of each run of equal
// indices adds the whole run, in ascending source position, to what out already holds.
kernel void index_add_sorted(global const float* src, int outer, int count, int inner,
                             global const ulong* keys, global float* out, int outExtent) {
  int t = get_global_id(0);
  if (t >= outer * count * inner) {
    return;
  }
  int j = t % inner;
  int p = (t / inner) % count;
  int o = t / (inner * count);
  ulong key = keys[p];
  if (key == ULONG_MAX) {
    return;
  }
  uint index = (uint) (key >> 32);
  if (p > 0 && (uint) (keys[p - 1] >> 32) == index) {
    return;
  }
  int target = (o * outExtent + (int) index) * inner + j;
  float acc = out[target];
  for (int q = p; q < count; q++) {
    ulong k = keys[q];
    if (k == ULONG_MAX || (uint) (k >> 32) != index) {
      break;
    }
    acc += src[(o * count + (int) (uint) k) * inner + j];
  }
  out[target] = acc;
}
