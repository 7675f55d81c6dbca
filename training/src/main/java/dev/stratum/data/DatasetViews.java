package dev.stratum.data;

import java.util.Arrays;

/** The cheap views behind {@link Dataset}'s default methods. */
final class DatasetViews {

  private DatasetViews() {}

  /** A subset; a subset of a subset maps straight to the base data set. */
  static Dataset subset(Dataset base, int[] indices) {
    if (base instanceof Subset inner) {
      int[] composed = new int[indices.length];
      for (int i = 0; i < indices.length; i++) {
        composed[i] = inner.indices[indices[i]];
      }
      return new Subset(inner.base, composed);
    }
    return new Subset(base, indices);
  }

  /**
   * Whether every target of {@code dataset} is, float for float, its input: an {@link
   * InputsAsTargets} seen through subsets and input reshapes, which change neither side apart.
   * False for any other data set, which may be a user's own, even where it happens to be so.
   */
  static boolean targetsAreInputs(Dataset dataset) {
    return switch (dataset) {
      case InputsAsTargets v -> true;
      case Subset v -> targetsAreInputs(v.base);
      case Reshaped v -> targetsAreInputs(v.base);
      default -> false;
    };
  }

  /**
   * Whether every input {@code dataset} gives is finite whatever the sample: bytes mapped through a
   * table of finite values (Fashion-MNIST's pixels), seen through the views that leave inputs as
   * they are. Asked per batch, since the table is an array its owner could still change.
   */
  static boolean inputsAlwaysFinite(Dataset dataset) {
    return switch (dataset) {
      case ArrayDataset array -> alwaysFinite(array.inputs());
      case Subset v -> inputsAlwaysFinite(v.base);
      case Reshaped v -> inputsAlwaysFinite(v.base);
      case OneHot v -> inputsAlwaysFinite(v.base);
      case InputsAsTargets v -> inputsAlwaysFinite(v.base);
      default -> false;
    };
  }

  /**
   * As {@link #inputsAlwaysFinite}, for the targets: also one-hot targets (zeros and a one, or an
   * exception) and the inputs used as targets.
   */
  static boolean targetsAlwaysFinite(Dataset dataset) {
    return switch (dataset) {
      case ArrayDataset array -> alwaysFinite(array.targets());
      case OneHot v -> true;
      case InputsAsTargets v -> inputsAlwaysFinite(v.base);
      case Subset v -> targetsAlwaysFinite(v.base);
      case Reshaped v -> targetsAlwaysFinite(v.base);
      default -> false;
    };
  }

  private static boolean alwaysFinite(SampleArray samples) {
    if (!(samples instanceof SampleArray.UnsignedBytes bytes)) {
      return false;
    }
    for (float value : bytes.table()) {
      if (!Float.isFinite(value)) {
        return false;
      }
    }
    return true;
  }

  /** A view that passes everything to its base; each view overrides what it changes. */
  abstract static sealed class View implements Dataset
      permits Subset, Reshaped, OneHot, InputsAsTargets {
    final Dataset base;

    View(Dataset base) {
      this.base = base;
    }

    /** The data set this view reads from. */
    Dataset base() {
      return base;
    }

    @Override
    public int size() {
      return base.size();
    }

    @Override
    public int[] inputShape() {
      return base.inputShape();
    }

    @Override
    public int[] targetShape() {
      return base.targetShape();
    }

    @Override
    public void copyInput(int index, float[] dst, int offset) {
      base.copyInput(index, dst, offset);
    }

    @Override
    public void copyTarget(int index, float[] dst, int offset) {
      base.copyTarget(index, dst, offset);
    }
  }

  static final class Subset extends View {
    private final int[] indices;

    Subset(Dataset base, int[] indices) {
      super(base);
      this.indices = indices;
    }

    @Override
    public int size() {
      return indices.length;
    }

    @Override
    public void copyInput(int index, float[] dst, int offset) {
      base.copyInput(indices[index], dst, offset);
    }

    @Override
    public void copyTarget(int index, float[] dst, int offset) {
      base.copyTarget(indices[index], dst, offset);
    }
  }

  static final class Reshaped extends View {
    private final int[] shape;

    Reshaped(Dataset base, int[] shape) {
      super(base);
      this.shape = shape;
    }

    @Override
    public int[] inputShape() {
      return shape.clone();
    }
  }

  static final class OneHot extends View {
    private final int classes;

    OneHot(Dataset base, int classes) {
      super(base);
      this.classes = classes;
    }

    @Override
    public int[] targetShape() {
      return new int[] {classes};
    }

    @Override
    public void copyTarget(int index, float[] dst, int offset) {
      base.copyTarget(index, dst, offset);
      float label = dst[offset];
      if (!(label >= 0 && label < classes) || label != Math.rint(label)) {
        throw new IllegalArgumentException(
            "oneHotTargets: sample "
                + index
                + " has label "
                + label
                + ", which is not a class index in [0, "
                + classes
                + ")");
      }
      Arrays.fill(dst, offset, offset + classes, 0f);
      dst[offset + (int) label] = 1f;
    }
  }

  static final class InputsAsTargets extends View {
    InputsAsTargets(Dataset base) {
      super(base);
    }

    @Override
    public int[] targetShape() {
      return base.inputShape();
    }

    @Override
    public void copyTarget(int index, float[] dst, int offset) {
      base.copyInput(index, dst, offset);
    }
  }
}
