// Two-dimensional max and average pooling and their gradients (geometry as in convolution.cl).
//
// MAX scans only the window taps inside the input, dilation apart; the maximum is the first tap no
// later one beats, with NaN beating everything (the first NaN wins), so forward and backward agree
// on the position. A window wholly in padding gives negative infinity and passes no gradient. AVG
// divides by the window's taps inside the padded input [-ph, h + pb) x [-pw, w + pr): the whole
// window unless ceil mode lets it run past the end padding.

// The first tap i with start + i·d >= 0.
inline int first_tap(int start, int d) {
  return start >= 0 ? 0 : (-start + d - 1) / d;
}

// One past the last tap i < k with start + i·d < size.
inline int taps_below(int size, int start, int k, int d) {
  int span = size - start;
  return span <= 0 ? 0 : min(k, (span + d - 1) / d);
}

// Position (ih·W + iw) of the maximum of window (oh, ow) within its plane, -1 if it has none.
inline int max_position(int16 g, global const float* x, int base, int oh, int ow) {
  int h0 = oh * G_SH - G_PH;
  int w0 = ow * G_SW - G_PW;
  int iEnd = taps_below(G_H, h0, G_KH, G_DH);
  int jEnd = taps_below(G_W, w0, G_KW, G_DW);
  float best = -INFINITY;
  int bestAt = -1;
  for (int i = first_tap(h0, G_DH); i < iEnd; i++) {
    int ih = h0 + i * G_DH;
    for (int j = first_tap(w0, G_DW); j < jEnd; j++) {
      int iw = w0 + j * G_DW;
      float v = x[base + ih * G_W + iw];
      if (bestAt < 0 || isnan(v) || v > best) {
        best = v;
        bestAt = ih * G_W + iw;
        if (isnan(v)) {
          return bestAt;
        }
      }
    }
  }
  return bestAt;
}

inline float window_sum(int16 g, global const float* x, int base, int oh, int ow) {
  int h0 = oh * G_SH - G_PH;
  int w0 = ow * G_SW - G_PW;
  int iEnd = taps_below(G_H, h0, G_KH, G_DH);
  int jEnd = taps_below(G_W, w0, G_KW, G_DW);
  float sum = 0.0f;
  for (int i = first_tap(h0, G_DH); i < iEnd; i++) {
    int row = base + (h0 + i * G_DH) * G_W;
    for (int j = first_tap(w0, G_DW); j < jEnd; j++) {
      sum += x[row + w0 + j * G_DW];
    }
  }
  return sum;
}

// AVG's divisor: taps of window (oh, ow) inside the padded input.
inline float window_area(int16 g, int oh, int ow) {
  int rows = taps_below(G_H + G_PB, oh * G_SH - G_PH, G_KH, G_DH);
  int cols = taps_below(G_W + G_PR, ow * G_SW - G_PW, G_KW, G_DW);
  return (float) (rows * cols);
}

kernel void pool2d(int isMax, int16 g, global const float* x, global float* out, int total) {
  int t = get_global_id(0);
  if (t >= total) {
    return;
  }
  int ow = t % G_OW;
  int oh = (t / G_OW) % G_OH;
  int base = t / (G_OW * G_OH) * G_H * G_W;
  if (isMax) {
    int at = max_position(g, x, base, oh, ow);
    out[t] = at < 0 ? -INFINITY : x[base + at];
  } else {
    out[t] = window_sum(g, x, base, oh, ow) / window_area(g, oh, ow);
  }
}

// One work-item per input element: it visits every window that has a tap on it, in row-major
// window order, and adds that window's gradient if the element receives it. No atomics, no races.
kernel void pool2d_backward(int isMax, int16 g, global const float* x,
                            global const float* gradOut, global float* gradIn, int total) {
  int t = get_global_id(0);
  if (t >= total) {
    return;
  }
  int iw = t % G_W;
  int ih = (t / G_W) % G_H;
  int plane = t / (G_W * G_H);
  int base = plane * G_H * G_W;
  int outBase = plane * G_OH * G_OW;
  // windows oh with oh·sh - ph <= ih <= oh·sh - ph + dh·(kh - 1)
  int ohFirst = max(0, (ih + G_PH - G_DH * (G_KH - 1) + G_SH - 1) / G_SH);
  int ohLast = min(G_OH - 1, (ih + G_PH) / G_SH);
  int owFirst = max(0, (iw + G_PW - G_DW * (G_KW - 1) + G_SW - 1) / G_SW);
  int owLast = min(G_OW - 1, (iw + G_PW) / G_SW);
  float acc = 0.0f;
  for (int oh = ohFirst; oh <= ohLast; oh++) {
    int dy = ih + G_PH - oh * G_SH;
    if (dy % G_DH != 0) {
      continue;
    }
    for (int ow = owFirst; ow <= owLast; ow++) {
      int dx = iw + G_PW - ow * G_SW;
      if (dx % G_DW != 0) {
        continue;
      }
      float grad = gradOut[outBase + oh * G_OW + ow];
      if (isMax) {
        if (max_position(g, x, base, oh, ow) == ih * G_W + iw) {
          acc += grad;
        }
      } else {
        acc += grad / window_area(g, oh, ow);
      }
    }
  }
  gradIn[t] = acc;
}
