/** The self-contained {@code report.html} of a run. */
package dev.stratum.cli.report;
