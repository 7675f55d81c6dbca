/**
 * The runnable jar's entry point, compiled for Java 8 so that an old JVM can run it: it checks the
 * Java version and refuses one older than 25 with a sentence, instead of the JVM's {@code
 * UnsupportedClassVersionError}, and otherwise hands over to {@code dev.stratum.cli.StratumCommand}.
 */
package dev.stratum.cli.launcher;
