/**
 * Counter-based random numbers: the Philox-4x32-10 generator that defines every random stream, so
 * that the same seed gives the same numbers on every backend.
 */
package dev.stratum.random;
