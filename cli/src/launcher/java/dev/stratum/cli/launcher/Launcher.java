package dev.stratum.cli.launcher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The {@code Main-Class} of {@code stratum.jar}. Everything else in the jar is compiled for Java
 * 25, so a JVM older than that fails on the first class it loads with a stack trace about class
 * file versions; this class is compiled with {@code --release 8} (cli/pom.xml) and says instead, in
 * one sentence on stderr, which Java it found and what to do, and exits with 1. On Java 25 or newer
 * it calls {@code StratumCommand.main} by reflection, so that no other class is loaded before the
 * check.
 */
public final class Launcher {

  /** The oldest Java the rest of the jar runs on (its class files' version). */
  static final int REQUIRED = 25;

  private static final String COMMAND = "dev.stratum.cli.StratumCommand";

  private Launcher() {}

  /** Checks the Java version, then runs the stratum command with {@code args}. */
  public static void main(String[] args) throws Throwable {
    String version = System.getProperty("java.specification.version", "");
    if (feature(version) < REQUIRED) {
      System.err.println(
          "stratum: needs Java "
              + REQUIRED
              + " or newer, but this is Java "
              + version
              + " (java.home="
              + System.getProperty("java.home")
              + "). Run the jar with the java of a JDK "
              + REQUIRED
              + " (for example /usr/lib/jvm/temurin-25-jdk-amd64/bin/java), or use bin/stratum"
              + " with JAVA_HOME set to one.");
      System.exit(1);
    }
    Method main = Class.forName(COMMAND).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw e.getCause(); // the command's own failure, not the reflection's wrapper
    }
  }

  /**
   * The feature release of a {@code java.specification.version}: 8 for "1.8", 17 for "17"; an
   * unreadable one counts as new enough, so that the JVM itself has the last word.
   */
  static int feature(String version) {
    String number = version.startsWith("1.") ? version.substring(2) : version;
    int dot = number.indexOf('.');
    if (dot >= 0) {
      number = number.substring(0, dot);
    }
    try {
      return Integer.parseInt(number);
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }
}
