// Shared by every kernel file: the program is these files concatenated, this one first, after a
// header that KernelSource generates from Java: MAX_RANK, and the codes of the enums kernels take
// as an int (U_ UnaryOp, B_ BinaryOp, R_ ReduceOp, D_ Distribution), each its constant's ordinal.
// Every switch over a code names each constant in a case; KernelSourceTest checks that.
//
// FP_CONTRACT OFF: a*b+c must round twice, as Java does, or uniform random numbers, axpy and the
// exact element-wise ops would differ from the CPU backend. Kernels that want a fused multiply-add
// (the GEMM) call fma() explicitly.
#pragma OPENCL FP_CONTRACT OFF
#ifdef STRATUM_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

// Up to MAX_RANK (8) axes reach a strided kernel as int8 arguments (shape and one stride vector
// per operand); the host collapses axes first and splits anything larger into several launches.

inline int lane(int8 v, int d) {
  switch (d) {
    case 0: return v.s0;
    case 1: return v.s1;
    case 2: return v.s2;
    case 3: return v.s3;
    case 4: return v.s4;
    case 5: return v.s5;
    case 6: return v.s6;
    default: return v.s7;
  }
}

// The element-wise functions of dev.stratum.backend.UnaryOp and BinaryOp.
inline float apply_unary(int op, float alpha, float x) {
  switch (op) {
    case U_NEG: return -x;
    case U_EXP: return exp(x);
    case U_LOG: return log(x);
    case U_SQRT: return sqrt(x);
    case U_ABS: return fabs(x);
    case U_SIGN: return x > 0.0f ? 1.0f : x < 0.0f ? -1.0f : x == 0.0f ? 0.0f : x;
    case U_RECIPROCAL: return 1.0f / x;
    case U_SQUARE: return x * x;
    case U_RELU: return x > 0.0f ? x : (isnan(x) ? x : 0.0f);
    case U_LEAKY_RELU: return x > 0.0f ? x : alpha * x;
    case U_ELU: return x > 0.0f ? x : alpha * expm1(x);
    case U_SIGMOID: {
      // e^-|x| never overflows; e / (1 + e) keeps relative precision for x << 0
      float e = exp(-fabs(x));
      return x >= 0.0f ? 1.0f / (1.0f + e) : (isnan(x) ? x : e / (1.0f + e));
    }
    case U_TANH: return tanh(x);
    case U_SOFTPLUS: return isnan(x) ? x : fmax(x, 0.0f) + log1p(exp(-fabs(x)));
    case U_STEP:
    default: return x > 0.0f ? 1.0f : (isnan(x) ? x : 0.0f);
  }
}

// Math.pow's rules where C's pow differs: a NaN exponent gives NaN even for base 1, and |base| == 1
// with an infinite exponent gives NaN. With fp64 the power is taken in double and rounded once, as
// the CPU backend does; OpenCL allows single-precision pow 16 ulps.
inline float java_pow(float a, float b) {
  if (isnan(b) || (fabs(a) == 1.0f && isinf(b))) {
    return NAN;
  }
#ifdef STRATUM_FP64
  return (float) pow((double) a, (double) b);
#else
  return pow(a, b);
#endif
}

inline float apply_binary(int op, float a, float b) {
  switch (op) {
    case B_ADD: return a + b;
    case B_SUB: return a - b;
    case B_MUL: return a * b;
    case B_DIV: return a / b;
    case B_POW: return java_pow(a, b);
    case B_MAX: return isnan(a) || isnan(b) ? NAN : fmax(a, b);
    case B_MIN: return isnan(a) || isnan(b) ? NAN : fmin(a, b);
    case B_EQ: return a == b ? 1.0f : 0.0f;
    case B_NE: return a != b ? 1.0f : 0.0f;
    case B_LT: return a < b ? 1.0f : 0.0f;
    case B_LE: return a <= b ? 1.0f : 0.0f;
    case B_GT: return a > b ? 1.0f : 0.0f;
    case B_GE:
    default: return a >= b ? 1.0f : 0.0f;
  }
}

// Reductions of dev.stratum.backend.ReduceOp.

inline float combine(int op, float acc, float v) {
  switch (op) {
    case R_SUM: return acc + v;
    case R_MAX: return isnan(acc) || isnan(v) ? NAN : fmax(acc, v);
    case R_MIN:
    default: return isnan(acc) || isnan(v) ? NAN : fmin(acc, v);
  }
}
