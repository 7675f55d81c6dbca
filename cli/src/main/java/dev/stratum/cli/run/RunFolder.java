package dev.stratum.cli.run;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.stratum.checkpoint.AtomicFiles;
import dev.stratum.checkpoint.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The folder of one training run, and the only code that knows its layout:
 *
 * <pre>
 * run.json        the configuration (what --resume and the other commands rebuild from)
 * history.csv     one row per epoch: every metric and the epoch's seconds
 * history.json    the same, read back by --resume
 * best/           checkpoint of the best epoch (model)
 * last/           checkpoint after the last epoch (model and optimizer, for --resume)
 * *.png           the pictures
 * report.html     the page that shows it all, self-contained
 * </pre>
 *
 * A folder is only written over with {@code --overwrite}, and then only when it holds nothing but
 * what a run writes, so a mistyped {@code --run-dir} never deletes someone's files.
 */
public final class RunFolder {

  public static final String CONFIG = "run.json";
  public static final String HISTORY_CSV = "history.csv";
  public static final String HISTORY_JSON = "history.json";
  public static final String REPORT = "report.html";
  public static final String BEST = "best";
  public static final String LAST = "last";

  private static final Set<String> OWNED =
      Set.of(CONFIG, HISTORY_CSV, HISTORY_JSON, REPORT, BEST, LAST);

  private final Path root;

  private RunFolder(Path root) {
    this.root = root;
  }

  /**
   * A folder for a new run: created if absent; an existing one must be empty, or hold a run and
   * {@code overwrite} be set (the run's files are then deleted). Checks that it can be written, so
   * a bad path fails before any data is loaded.
   */
  public static RunFolder create(Path root, boolean overwrite) throws IOException {
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new IllegalArgumentException("--run-dir " + root + " is a file, not a folder");
    }
    if (Files.isDirectory(root)) {
      List<String> entries;
      try (Stream<Path> list = Files.list(root)) {
        entries = list.map(p -> p.getFileName().toString()).sorted().toList();
      }
      if (!entries.isEmpty()) {
        List<String> foreign = entries.stream().filter(e -> !owned(e)).toList();
        if (!foreign.isEmpty()) {
          throw new IllegalArgumentException(
              "--run-dir "
                  + root
                  + " is not empty and holds files a run does not write ("
                  + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
                  + (foreign.size() > 5 ? ", ..." : "")
                  + "); choose another folder");
        }
        if (!overwrite) {
          throw new IllegalArgumentException(
              "--run-dir "
                  + root
                  + " already holds a run; pass --overwrite to replace it, or --resume "
                  + root
                  + " to continue it");
        }
        for (String entry : entries) {
          deleteRecursively(root.resolve(entry));
        }
      }
    }
    Files.createDirectories(root);
    Path probe = root.resolve(".write-test");
    Files.writeString(probe, "");
    Files.delete(probe);
    return new RunFolder(root);
  }

  /** The folder of an existing run; throws, saying what is missing, when it holds none. */
  public static RunFolder existing(Path root) {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException(root + ": no such run folder");
    }
    if (!Files.isRegularFile(root.resolve(CONFIG))) {
      throw new IllegalArgumentException(
          root + " holds no run: " + CONFIG + " is missing (stratum train writes it)");
    }
    return new RunFolder(root);
  }

  private static boolean owned(String name) {
    return OWNED.contains(name) || name.endsWith(".png") || name.startsWith(".");
  }

  public Path root() {
    return root;
  }

  public Path best() {
    return root.resolve(BEST);
  }

  public Path last() {
    return root.resolve(LAST);
  }

  public Path report() {
    return root.resolve(REPORT);
  }

  public Path file(String name) {
    return root.resolve(name);
  }

  /** Removes the folder if nothing was written into it (a run that failed before it began). */
  public void discardIfEmpty() throws IOException {
    try (Stream<Path> list = Files.list(root)) {
      if (list.findAny().isPresent()) {
        return;
      }
    }
    Files.deleteIfExists(root);
  }

  /** Writes {@code run.json}. */
  public void writeConfig(RunConfig config) throws IOException {
    AtomicFiles.writeString(
        root.resolve(CONFIG),
        JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(config.toJson()) + "\n");
  }

  /** Reads {@code run.json}. */
  public RunConfig readConfig() throws IOException {
    Path file = root.resolve(CONFIG);
    return RunConfig.fromJson(JSON.std.mapFrom(Files.readString(file)), file.toString());
  }

  /** Writes the history so far as CSV and JSON (non-finite values become empty cells / null). */
  public void writeHistory(List<Map<String, Double>> epochs) throws IOException {
    Set<String> columns = new LinkedHashSet<>();
    epochs.forEach(m -> columns.addAll(m.keySet()));
    StringBuilder csv = new StringBuilder("epoch");
    columns.forEach(c -> csv.append(',').append(c));
    csv.append('\n');
    List<Object> json = new ArrayList<>();
    for (int i = 0; i < epochs.size(); i++) {
      csv.append(i + 1);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("epoch", i + 1);
      for (String c : columns) {
        Double v = epochs.get(i).get(c);
        boolean finite = v != null && Double.isFinite(v);
        csv.append(',').append(finite ? v.toString() : "");
        row.put(c, finite ? v : null);
      }
      csv.append('\n');
      json.add(row);
    }
    AtomicFiles.writeString(root.resolve(HISTORY_CSV), csv.toString());
    AtomicFiles.writeString(
        root.resolve(HISTORY_JSON),
        JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asString(json) + "\n");
  }

  /** The history {@link #writeHistory} wrote; empty before the first epoch. */
  public List<Map<String, Double>> readHistory() throws IOException {
    Path file = root.resolve(HISTORY_JSON);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    List<Map<String, Double>> epochs = new ArrayList<>();
    for (Object row : JSON.std.listFrom(Files.readString(file))) {
      if (!(row instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException(file + ": expected a list of objects, got " + row);
      }
      Map<String, Double> epoch = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            if (!"epoch".equals(k)) {
              epoch.put((String) k, v instanceof Number n ? n.doubleValue() : Double.NaN);
            }
          });
      epochs.add(epoch);
    }
    return epochs;
  }

  /** The epochs the {@code last} checkpoint holds; throws when there is none to resume from. */
  public int epochsDone() throws IOException {
    if (!Files.isDirectory(last()) && !Files.isDirectory(root.resolve("." + LAST + ".previous"))) {
      throw new IllegalArgumentException(
          root
              + " has no checkpoint to resume from ("
              + last()
              + " is missing): its run stopped before the first epoch ended; start it again with"
              + " --overwrite");
    }
    String epoch = Checkpoint.metadata(last()).get("epoch");
    if (epoch == null || !epoch.matches("\\d+")) {
      throw new IllegalArgumentException(
          last()
              + ": the checkpoint does not say which epoch it holds (metadata 'epoch' is "
              + epoch
              + ")");
    }
    return Integer.parseInt(epoch);
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      try (Stream<Path> all = Files.walk(path)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    } else {
      Files.deleteIfExists(path);
    }
  }
}
