// Two-dimensional max and average pooling and their gradients (geometry as in convolution.cl).
//
// MAX scans only the window positions inside the input; the maximum is the first position no later
// one beats, with NaN beating everything (the first NaN wins), so forward and backward agree on the
// position. A window wholly in padding gives negative infinity and passes no gradient. AVG divides
// by the whole window area, padding included.

// Position (ih·W + iw) of the maximum of window (oh, ow) within its plane, -1 if it has none.
inline int max_position(int16 g, global const float* x, int base, int oh, int ow) {
  int h0 = oh * G_SH - G_PH;
  int w0 = ow * G_SW - G_PW;
  int hEnd = min(G_H, h0 + G_KH);
  int wEnd = min(G_W, w0 + G_KW);
  float best = -INFINITY;
  int bestAt = -1;
  for (int ih = max(0, h0); ih < hEnd; ih++) {
    for (int iw = max(0, w0); iw < wEnd; iw++) {
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
  int hEnd = min(G_H, h0 + G_KH);
  int wEnd = min(G_W, w0 + G_KW);
  float sum = 0.0f;
  for (int ih = max(0, h0); ih < hEnd; ih++) {
    for (int iw = max(0, w0); iw < wEnd; iw++) {
      sum += x[base + ih * G_W + iw];
    }
  }
  return sum;
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
    out[t] = window_sum(g, x, base, oh, ow) / (float) (G_KH * G_KW);
  }
}

// One work-item per input element: it visits every window that covers it, in row-major window
// order, and adds that window's gradient if the element receives it. No atomics, no races.
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
  float area = (float) (G_KH * G_KW);
  // windows oh with oh·sh - ph <= ih < oh·sh - ph + kh
  int ohFirst = max(0, (ih + G_PH - G_KH + G_SH) / G_SH);
  int ohLast = min(G_OH - 1, (ih + G_PH) / G_SH);
  int owFirst = max(0, (iw + G_PW - G_KW + G_SW) / G_SW);
  int owLast = min(G_OW - 1, (iw + G_PW) / G_SW);
  float acc = 0.0f;
  for (int oh = ohFirst; oh <= ohLast; oh++) {
    for (int ow = owFirst; ow <= owLast; ow++) {
      float grad = gradOut[outBase + oh * G_OW + ow];
      if (isMax) {
        if (max_position(g, x, base, oh, ow) == ih * G_W + iw) {
          acc += grad;
        }
      } else {
        acc += grad / area;
      }
    }
  }
  gradIn[t] = acc;
}
