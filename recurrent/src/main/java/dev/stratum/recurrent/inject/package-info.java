/** Guice wiring of the recurrent layers: {@link dev.stratum.recurrent.inject.RecurrentModule}. */
package dev.stratum.recurrent.inject;
