package dev.stratum.cli;

import dev.stratum.data.FashionMnist;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Fashion-MNIST classes named on the command line: by name (any case) or index 0-9. */
final class FashionClasses {

  private FashionClasses() {}

  /**
   * The class indices {@code given} names, sorted; throws {@link IllegalArgumentException}, naming
   * {@code option} and listing the classes, for a name or index that is not one.
   */
  static Set<Integer> parse(String option, List<String> given) {
    Set<Integer> classes = new TreeSet<>();
    List<String> names = FashionMnist.CLASSES;
    for (String raw : given) {
      String name = raw.strip();
      int found = -1;
      if (name.matches("\\d+")) {
        found = Integer.parseInt(name);
        if (found >= names.size()) {
          throw new IllegalArgumentException(
              option + ": class index " + name + " is outside 0-" + (names.size() - 1));
        }
      } else {
        for (int c = 0; c < names.size(); c++) {
          if (names.get(c).equalsIgnoreCase(name)) {
            found = c;
          }
        }
      }
      if (found < 0) {
        List<String> known = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
          known.add(c + " " + names.get(c));
        }
        throw new IllegalArgumentException(
            option + ": unknown class '" + name + "'; the classes: " + String.join(", ", known));
      }
      classes.add(found);
    }
    if (classes.size() == names.size()) {
      throw new IllegalArgumentException(
          option + " names every class; leave at least one class out of it");
    }
    return classes;
  }

  /** {@code "Sandal, Bag"}. */
  static String names(Set<Integer> classes) {
    return String.join(", ", classes.stream().sorted().map(FashionMnist.CLASSES::get).toList());
  }
}
