package dev.stratum.spark;

import java.io.Serializable;

/**
 * What the driver broadcasts at the start of a round: the model's parameters and buffers, the
 * optimizer's state and each group's learning rate and weight decay (parameter averaging only), and
 * which steps of which epoch to run.
 */
record RoundInput(
    int epoch,
    int firstStep,
    int steps,
    float[] model,
    Layout stateLayout,
    float[] state,
    double[] learningRates,
    double[] weightDecays)
    implements Serializable {}
