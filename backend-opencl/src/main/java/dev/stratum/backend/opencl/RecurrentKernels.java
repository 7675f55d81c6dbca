package dev.stratum.backend.opencl;

import org.jocl.cl_mem;

/**
 * The recurrent-cell tails of {@code recurrent.cl}, which the backend offers as capabilities
 * ({@link dev.stratum.backend.fused.FusedLstmCell}, {@link
 * dev.stratum.backend.fused.FusedGruCell}): one launch per step and direction, one work item per
 * (row, unit). A missing gradient or bias is passed as a flag and a stand-in buffer, never read.
 */
final class RecurrentKernels {

  private RecurrentKernels() {}

  static void lstmForward(
      ClRuntime rt,
      cl_mem xp,
      cl_mem hh,
      cl_mem cPrev,
      int batch,
      int hidden,
      cl_mem gates,
      cl_mem c,
      cl_mem h) {
    int count = batch * hidden;
    if (count > 0) {
      rt.launch1d("lstm_forward", count, xp, hh, cPrev, batch, hidden, gates, c, h);
    }
  }

  static void lstmBackward(
      ClRuntime rt,
      cl_mem gates,
      cl_mem cPrev,
      cl_mem c,
      cl_mem dh,
      cl_mem dc,
      int batch,
      int hidden,
      cl_mem dz,
      cl_mem dcPrev) {
    int count = batch * hidden;
    if (count > 0) {
      rt.launch1d(
          "lstm_backward",
          count,
          gates,
          cPrev,
          c,
          dh != null ? dh : c,
          dh != null ? 1 : 0,
          dc != null ? dc : c,
          dc != null ? 1 : 0,
          batch,
          hidden,
          dz,
          dcPrev);
    }
  }

  static void gruForward(
      ClRuntime rt,
      cl_mem xp,
      cl_mem hh,
      cl_mem bhh,
      cl_mem hPrev,
      int batch,
      int hidden,
      cl_mem saved,
      cl_mem h) {
    int count = batch * hidden;
    if (count > 0) {
      rt.launch1d(
          "gru_forward",
          count,
          xp,
          hh,
          bhh != null ? bhh : hh,
          bhh != null ? 1 : 0,
          hPrev,
          batch,
          hidden,
          saved,
          h);
    }
  }

  static void gruBackward(
      ClRuntime rt,
      cl_mem saved,
      cl_mem hPrev,
      cl_mem dh,
      int batch,
      int hidden,
      cl_mem dxp,
      cl_mem dhh,
      cl_mem dhPrev) {
    int count = batch * hidden;
    if (count > 0) {
      rt.launch1d("gru_backward", count, saved, hPrev, dh, batch, hidden, dxp, dhh, dhPrev);
    }
  }
}
