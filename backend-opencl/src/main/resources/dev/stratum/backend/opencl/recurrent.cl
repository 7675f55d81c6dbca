// The recurrent-cell tails the backend offers as capabilities (dev.stratum.backend.fused
// FusedLstmCell, FusedGruCell), forward and backward: one work item per (row, unit), rounding each
// sum and product on its own in the capabilities' order (FP_CONTRACT OFF), sigmoid and tanh as
// apply_unary computes them for unary(SIGMOID) and unary(TANH).

inline float cell_sigmoid(float x) { return apply_unary(U_SIGMOID, 0.0f, x); }
inline float cell_tanh(float x) { return apply_unary(U_TANH, 0.0f, x); }

kernel void lstm_forward(global const float* xp, global const float* hh, global const float* c_prev,
                         int batch, int hidden, global float* gates, global float* c,
                         global float* h) {
  int t = get_global_id(0);
  if (t >= batch * hidden) {
    return;
  }
  int r = t / hidden;
  int j = t - r * hidden;
  int gi = r * 4 * hidden + j;
  int gf = gi + hidden;
  int gg = gf + hidden;
  int go = gg + hidden;
  float i = cell_sigmoid(xp[gi] + hh[gi]);
  float f = cell_sigmoid(xp[gf] + hh[gf]);
  float g = cell_tanh(xp[gg] + hh[gg]);
  float o = cell_sigmoid(xp[go] + hh[go]);
  float fc = f * c_prev[t];
  float ig = i * g;
  float c_new = fc + ig;
  gates[gi] = i;
  gates[gf] = f;
  gates[gg] = g;
  gates[go] = o;
  c[t] = c_new;
  h[t] = o * cell_tanh(c_new);
}

// has_dh, has_dc: 0 where that gradient is absent (zero); its buffer argument is then a stand-in
kernel void lstm_backward(global const float* gates, global const float* c_prev,
                          global const float* c, global const float* dh, int has_dh,
                          global const float* dc, int has_dc, int batch, int hidden,
                          global float* dz, global float* dc_prev) {
  int t = get_global_id(0);
  if (t >= batch * hidden) {
    return;
  }
  int r = t / hidden;
  int j = t - r * hidden;
  int gi = r * 4 * hidden + j;
  int gf = gi + hidden;
  int gg = gf + hidden;
  int go = gg + hidden;
  float i = gates[gi];
  float f = gates[gf];
  float g = gates[gg];
  float o = gates[go];
  float tau = cell_tanh(c[t]);
  float total;
  float dzo;
  if (has_dh) {
    float d = dh[t];
    float dho = d * o;
    float from_h = dho * (1.0f - tau * tau);
    total = has_dc ? dc[t] + from_h : from_h;
    float dtau = d * tau;
    dzo = dtau * (o * (1.0f - o));
  } else {
    total = has_dc ? dc[t] : 0.0f;
    dzo = 0.0f;
  }
  float tg = total * g;
  dz[gi] = tg * (i * (1.0f - i));
  float tc = total * c_prev[t];
  dz[gf] = tc * (f * (1.0f - f));
  float ti = total * i;
  dz[gg] = ti * (1.0f - g * g);
  dz[go] = dzo;
  dc_prev[t] = total * f;
}

// has_bias: 0 without the hidden bias (its buffer argument is then a stand-in)
kernel void gru_forward(global const float* xp, global const float* hh, global const float* bhh,
                        int has_bias, global const float* h_prev, int batch, int hidden,
                        global float* saved, global float* h) {
  int t = get_global_id(0);
  if (t >= batch * hidden) {
    return;
  }
  int r = t / hidden;
  int j = t - r * hidden;
  int g = r * 3 * hidden + j;
  int v = r * 4 * hidden + j;
  float ar = has_bias ? hh[g] + bhh[j] : hh[g];
  float az = has_bias ? hh[g + hidden] + bhh[hidden + j] : hh[g + hidden];
  float an = has_bias ? hh[g + 2 * hidden] + bhh[2 * hidden + j] : hh[g + 2 * hidden];
  float rv = cell_sigmoid(xp[g] + ar);
  float zv = cell_sigmoid(xp[g + hidden] + az);
  float ra = rv * an;
  float nv = cell_tanh(xp[g + 2 * hidden] + ra);
  float keep = (1.0f - zv) * nv;
  float carry = zv * h_prev[t];
  h[t] = keep + carry;
  saved[v] = rv;
  saved[v + hidden] = zv;
  saved[v + 2 * hidden] = nv;
  saved[v + 3 * hidden] = an;
}

kernel void gru_backward(global const float* saved, global const float* h_prev,
                         global const float* dh, int batch, int hidden, global float* dxp,
                         global float* dhh, global float* dh_prev) {
  int t = get_global_id(0);
  if (t >= batch * hidden) {
    return;
  }
  int r = t / hidden;
  int j = t - r * hidden;
  int g = r * 3 * hidden + j;
  int v = r * 4 * hidden + j;
  float rv = saved[v];
  float zv = saved[v + hidden];
  float nv = saved[v + 2 * hidden];
  float an = saved[v + 3 * hidden];
  float d = dh[t];
  float dn = (d * (1.0f - zv)) * (1.0f - nv * nv);
  float dz = (d * h_prev[t] - d * nv) * (zv * (1.0f - zv));
  float dr = (dn * an) * (rv * (1.0f - rv));
  dxp[g] = dr;
  dxp[g + hidden] = dz;
  dxp[g + 2 * hidden] = dn;
  dhh[g] = dr;
  dhh[g + hidden] = dz;
  dhh[g + 2 * hidden] = dn * rv;
  dh_prev[t] = d * zv;
}
