/** The {@code stratum} command: a demo that trains a network, and a listing of the backends. */
package dev.stratum.cli;
