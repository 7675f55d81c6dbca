// im2col and its adjoint col2im, so that convolution becomes a matrix product. The geometry
// arrives as one int16: batch, channels, height, width, kernel h/w, stride h/w, padding before
// (top/left), output h/w, dilation h/w, padding after (bottom/right). Tap (i, j) of window (oh, ow)
// reads input (oh·sh - ph + i·dh, ow·sw - pw + j·dw).
#define G_BATCH g.s0
#define G_CHANNELS g.s1
#define G_H g.s2
#define G_W g.s3
#define G_KH g.s4
#define G_KW g.s5
#define G_SH g.s6
#define G_SW g.s7
#define G_PH g.s8
#define G_PW g.s9
#define G_OH g.sa
#define G_OW g.sb
#define G_DH g.sc
#define G_DW g.sd
#define G_PB g.se
#define G_PR g.sf

// One work-item per column entry [b, (c·kh + i)·kw + j, oh·outW + ow]; zero over padding.
kernel void im2col(int16 g, global const uint* x, global uint* cols, int total) {
  int t = get_global_id(0);
  if (t >= total) {
    return;
  }
  int ow = t % G_OW;
  int oh = (t / G_OW) % G_OH;
  int plane = t / (G_OW * G_OH * G_KH * G_KW); // b * channels + c
  int tap = (t / (G_OW * G_OH)) % (G_KH * G_KW);
  int ih = oh * G_SH - G_PH + tap / G_KW * G_DH;
  int iw = ow * G_SW - G_PW + tap % G_KW * G_DW;
  cols[t] = ih >= 0 && ih < G_H && iw >= 0 && iw < G_W ? x[(plane * G_H + ih) * G_W + iw] : 0u;
}

// One work-item per input element: it gathers, in the order of the column rows, every column
// entry whose window tap landed on it, so no two work-items write the same element.
kernel void col2im(int16 g, global const float* cols, global float* x, int total) {
  int t = get_global_id(0);
  if (t >= total) {
    return;
  }
  int iw = t % G_W;
  int ih = (t / G_W) % G_H;
  int plane = t / (G_W * G_H);
  float acc = 0.0f;
  for (int ki = 0; ki < G_KH; ki++) {
    int dy = ih + G_PH - ki * G_DH;
    if (dy < 0 || dy % G_SH != 0 || dy / G_SH >= G_OH) {
      continue;
    }
    int oh = dy / G_SH;
    for (int kj = 0; kj < G_KW; kj++) {
      int dx = iw + G_PW - kj * G_DW;
      if (dx < 0 || dx % G_SW != 0 || dx / G_SW >= G_OW) {
        continue;
      }
      int row = (plane * G_KH + ki) * G_KW + kj;
      acc += cols[(row * G_OH + oh) * G_OW + dx / G_SW];
    }
  }
  x[t] = acc;
}
