package dev.stratum.cli.picture;

import java.util.Objects;

/**
 * A picture written into a run folder, with what the report says about it.
 *
 * @param file the PNG's file name, relative to the run folder
 * @param title a heading
 * @param caption a sentence or two saying what the picture shows
 */
public record Picture(String file, String title, String caption) {

  /** Checks that every part is present. */
  public Picture {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(caption, "caption");
  }
}
