package dev.stratum.data;

/** The cheap views behind {@link Dataset}'s default methods. */
final class DatasetViews {

  private DatasetViews() {}

  /** A subset; a subset of a subset maps straight to the base data set. */
  static Dataset subset(Dataset base, int[] indices) {
    if (base instanceof Subset(Dataset inner, int[] outer)) {
      int[] composed = new int[indices.length];
      for (int i = 0; i < indices.length; i++) {
        composed[i] = outer[indices[i]];
      }
      return new Subset(inner, composed);
    }
    return new Subset(base, indices);
  }

  record Subset(Dataset base, int[] indices) implements Dataset {
    @Override
    public int size() {
      return indices.length;
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
    public int inputSize() {
      return base.inputSize();
    }

    @Override
    public int targetSize() {
      return base.targetSize();
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

  record Reshaped(Dataset base, int[] shape) implements Dataset {
    @Override
    public int size() {
      return base.size();
    }

    @Override
    public int[] inputShape() {
      return shape.clone();
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

  record OneHot(Dataset base, int classes) implements Dataset {
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
      return new int[] {classes};
    }

    @Override
    public void copyInput(int index, float[] dst, int offset) {
      base.copyInput(index, dst, offset);
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
      java.util.Arrays.fill(dst, offset, offset + classes, 0f);
      dst[offset + (int) label] = 1f;
    }
  }

  record InputsAsTargets(Dataset base) implements Dataset {
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
      return base.inputShape();
    }

    @Override
    public void copyInput(int index, float[] dst, int offset) {
      base.copyInput(index, dst, offset);
    }

    @Override
    public void copyTarget(int index, float[] dst, int offset) {
      base.copyInput(index, dst, offset);
    }
  }
}
