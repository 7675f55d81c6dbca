// Counter-based random numbers, bit for bit the streams dev.stratum.random.Philox defines. One
// work-item per Philox block, which gives four consecutive elements and depends only on its index.

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

inline uint4 philox(uint4 c, uint2 k) {
  for (int round = 0; round < 10; round++) {
    uint hi0 = mul_hi(PHILOX_M0, c.x);
    uint lo0 = PHILOX_M0 * c.x;
    uint hi1 = mul_hi(PHILOX_M1, c.z);
    uint lo1 = PHILOX_M1 * c.z;
    c = (uint4) (hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
    k += (uint2) (PHILOX_W0, PHILOX_W1);
  }
  return c;
}

inline float uniform01(uint word) {
  return (float) (word >> 8) * 0x1.0p-24f;
}

// Box-Muller on one word pair; the even element takes the cosine, the odd one the sine. In double
// where the device has it, as Philox.normal computes; otherwise in float (see normalTolerance).
inline float box_muller(uint w0, uint w1, int odd) {
#ifdef STRATUM_FP64
  double u1 = (double) ((w0 >> 8) + 1) * 0x1.0p-24;
  double u2 = (double) (w1 >> 8) * 0x1.0p-24;
  double r = sqrt(-2.0 * log(u1));
  double angle = 2.0 * M_PI * u2;
  return (float) (odd ? r * sin(angle) : r * cos(angle));
#else
  float u1 = (float) ((w0 >> 8) + 1) * 0x1.0p-24f;
  float u2 = (float) (w1 >> 8) * 0x1.0p-24f;
  float r = sqrt(-2.0f * log(u1));
  float angle = 2.0f * M_PI_F * u2;
  return odd ? r * sin(angle) : r * cos(angle);
#endif
}

// distribution: D_UNIFORM (p0 + (p1 - p0)·u), D_NORMAL (p0 + p1·z), D_BERNOULLI (u < p0).
kernel void philox_random(int distribution, float p0, float p1, uint2 seed, uint2 stream,
                          global float* out, int count) {
  int block = get_global_id(0);
  int first = block * 4;
  if (first >= count) {
    return;
  }
  uint4 w = philox((uint4) ((uint) block, 0u, stream.x, stream.y), seed);
  uint words[4] = {w.x, w.y, w.z, w.w};
  float range = p1 - p0;
  int n = min(4, count - first);
  for (int e = 0; e < n; e++) {
    float value;
    switch (distribution) {
      case D_UNIFORM:
        value = p0 + range * uniform01(words[e]);
        break;
      case D_NORMAL:
        value = p0 + p1 * box_muller(words[e & 2], words[(e & 2) + 1], e & 1);
        break;
      case D_BERNOULLI:
      default:
        value = uniform01(words[e]) < p0 ? 1.0f : 0.0f;
        break;
    }
    out[first + e] = value;
  }
}
