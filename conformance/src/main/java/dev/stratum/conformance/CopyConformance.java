package dev.stratum.conformance;

import dev.stratum.backend.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * Cases of the strided copy: permutations, transposes, slices with offsets, concatenation into a
 * larger destination, broadcasts (zero source strides), size-1 axes, empty and rank-0 shapes.
 * Exact.
 */
final class CopyConformance {

  private CopyConformance() {}

  static List<ConformanceCase> cases() {
    List<ConformanceCase> cases = new ArrayList<>();
    for (int n : Inputs.SIZES) {
      cases.add(
          copy("copy contiguous [" + n + "]", new int[] {n}, 0, new int[] {1}, 0, new int[] {1}));
    }
    int[] dims = {3, 4, 5};
    int[] srcStrides = Inputs.contiguous(dims);
    for (int[] perm :
        new int[][] {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}) {
      int[] shape = {dims[perm[0]], dims[perm[1]], dims[perm[2]]};
      int[] strides = {srcStrides[perm[0]], srcStrides[perm[1]], srcStrides[perm[2]]};
      cases.add(
          copy(
              "copy permute [3, 4, 5] to axes " + Inputs.shape(perm),
              shape,
              0,
              strides,
              0,
              Inputs.contiguous(shape)));
    }
    cases.add(
        copy(
            "copy transpose [17, 33]",
            new int[] {33, 17},
            0,
            new int[] {1, 33},
            0,
            new int[] {17, 1}));
    cases.add(
        copy(
            "copy slice [2:6, 3:8] of [7, 9] to offset 4",
            new int[] {4, 5},
            2 * 9 + 3,
            new int[] {9, 1},
            4,
            new int[] {5, 1}));
    cases.add(
        copy(
            "copy slice with step 2 of [7, 9]",
            new int[] {4, 5},
            1,
            new int[] {18, 2},
            0,
            new int[] {5, 1}));
    cases.add(
        copy(
            "copy concatenate [3, 4] into columns 6:10 of [3, 10]",
            new int[] {3, 4},
            0,
            new int[] {4, 1},
            6,
            new int[] {10, 1}));
    cases.add(
        copy(
            "copy broadcast row [5] to [4, 5]",
            new int[] {4, 5},
            0,
            new int[] {0, 1},
            0,
            new int[] {5, 1}));
    cases.add(
        copy(
            "copy broadcast column [4, 1] to [4, 5]",
            new int[] {4, 5},
            0,
            new int[] {1, 0},
            0,
            new int[] {5, 1}));
    cases.add(
        copy(
            "copy broadcast scalar to [7, 17]",
            new int[] {7, 17},
            3,
            new int[] {0, 0},
            0,
            new int[] {17, 1}));
    cases.add(
        copy(
            "copy size-1 axes [1, 7, 1] with zero strides",
            new int[] {1, 7, 1},
            2,
            new int[] {0, 1, 0},
            1,
            new int[] {0, 1, 0}));
    cases.add(
        copy(
            "copy empty [3, 0, 4]",
            new int[] {3, 0, 4},
            0,
            new int[] {0, 4, 1},
            0,
            new int[] {0, 4, 1}));
    cases.add(copy("copy rank 0 (one element)", new int[0], 5, new int[0], 2, new int[0]));
    return cases;
  }

  /** Copies {@code shape} from a random source into a destination of other data; compares all. */
  private static ConformanceCase copy(
      String name, int[] shape, int srcOffset, int[] srcStrides, int dstOffset, int[] dstStrides) {
    return ConformanceCase.of(
        name,
        Kernel.COPY,
        ws -> {
          int srcSize = srcOffset + Inputs.span(shape, srcStrides) + 2;
          int dstSize = dstOffset + Math.max(Inputs.span(shape, dstStrides), 12) + 2;
          float[] src = Inputs.withSpecials(srcSize, srcSize, -9, 9);
          float[] dst = Inputs.dyadic(dstSize, dstSize);
          Storage srcStorage = ws.input(src);
          Storage dstStorage = ws.input(dst);
          ws.backend()
              .copy(shape, srcStorage, srcOffset, srcStrides, dstStorage, dstOffset, dstStrides);
          double[] expected = Expect.toDouble(dst);
          ReferenceKernels.copy(
              shape, Expect.toDouble(src), srcOffset, srcStrides, expected, dstOffset, dstStrides);
          Expect.close(
              "copy destination", ws.read(dstStorage, dstSize), expected, Tolerance.exact());
        });
  }
}
