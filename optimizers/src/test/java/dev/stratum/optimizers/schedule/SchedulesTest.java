package dev.stratum.optimizers.schedule;

import static dev.stratum.optimizers.schedule.Schedules.constant;
import static dev.stratum.optimizers.schedule.Schedules.cosine;
import static dev.stratum.optimizers.schedule.Schedules.cosineWarmRestarts;
import static dev.stratum.optimizers.schedule.Schedules.exponential;
import static dev.stratum.optimizers.schedule.Schedules.inverseTime;
import static dev.stratum.optimizers.schedule.Schedules.linearWarmup;
import static dev.stratum.optimizers.schedule.Schedules.oneCycle;
import static dev.stratum.optimizers.schedule.Schedules.polynomial;
import static dev.stratum.optimizers.schedule.Schedules.step;
import static dev.stratum.optimizers.schedule.Schedules.timeConstant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Each schedule's factor against its formula at hand-picked steps. */
class SchedulesTest {

  private static final double EPS = 1e-12;

  private static void expect(LearningRateSchedule s, long t, double expected) {
    assertThat(s.factor(t)).as("t = %d", t).isCloseTo(expected, within(EPS));
  }

  @Test
  void constantIsOne() {
    expect(constant(), 0, 1);
    expect(constant(), 1_000_000, 1);
  }

  // τ/max(t, τ), τ = 10
  @Test
  void timeConstantHoldsForTauStepsThenDecaysAsOneOverT() {
    LearningRateSchedule s = timeConstant(10);
    expect(s, 0, 1);
    expect(s, 10, 1);
    expect(s, 20, 0.5);
    expect(s, 40, 0.25);
  }

  @Test
  void stepExponentialAndInverseTimeDecay() {
    expect(step(3, 0.5), 2, 1);
    expect(step(3, 0.5), 3, 0.5);
    expect(step(3, 0.5), 7, 0.25);
    expect(exponential(0.9), 2, 0.81);
    expect(inverseTime(0.5, 10), 20, 0.5); // 1/(1 + 0.5·20/10)
  }

  // (1 − 0.1)(1 − 50/100)² + 0.1 = 0.325
  @Test
  void polynomialDecaysToItsEndFactor() {
    LearningRateSchedule s = polynomial(100, 2, 0.1);
    expect(s, 0, 1);
    expect(s, 50, 0.325);
    expect(s, 100, 0.1);
    expect(s, 500, 0.1);
  }

  @Test
  void cosineFallsFromOneToTheFloor() {
    expect(cosine(100, 0), 0, 1);
    expect(cosine(100, 0), 50, 0.5);
    expect(cosine(100, 0), 100, 0);
    expect(cosine(100, 0.1), 50, 0.55); // 0.1 + 0.9·½
    expect(cosine(100, 0.1), 1000, 0.1);
  }

  // cycles of 10, 20, 40: restarts at t = 10 and t = 30
  @Test
  void warmRestartsBeginEachLongerCycleAtOne() {
    LearningRateSchedule s = cosineWarmRestarts(10, 2, 0);
    expect(s, 0, 1);
    expect(s, 5, 0.5);
    expect(s, 10, 1);
    expect(s, 20, 0.5);
    expect(s, 29, 0.5 * (1 + Math.cos(Math.PI * 19 / 20)));
    expect(s, 30, 1);
    expect(s, 50, 0.5);
    expect(cosineWarmRestarts(10, 1, 0), 15, 0.5);
    expect(cosineWarmRestarts(10, 1, 0.2), 25, 0.6);
  }

  @Test
  void linearWarmupRisesFromItsStart() {
    LearningRateSchedule s = linearWarmup(4, 0.2);
    expect(s, 0, 0.2);
    expect(s, 2, 0.6);
    expect(s, 4, 1);
    expect(s, 99, 1);
  }

  // PyTorch OneCycleLR(total_steps=100): peak at step 0.3·100 − 1 = 29, last step 99
  @Test
  void oneCycleRisesToThePeakThenAnnealsFarBelowTheStart() {
    LearningRateSchedule s = oneCycle(100);
    double start = 1 / 25.0;
    double end = start / 1e4;
    expect(s, 0, start);
    expect(s, 29, 1);
    expect(s, 14, start + (1 - start) * 0.5 * (1 - Math.cos(Math.PI * 14 / 29)));
    expect(s, 64, end + (1 - end) * 0.5);
    expect(s, 99, end);
    expect(s, 150, end);
  }

  @Test
  void warmupThenCosineComposeSequentially() {
    LearningRateSchedule s = linearWarmup(5, 0).then(5, cosine(10, 0));
    expect(s, 0, 0);
    expect(s, 4, 0.8);
    expect(s, 5, 1);
    expect(s, 10, 0.5);
    expect(s, 15, 0);
    LearningRateSchedule three = s.then(15, constant());
    expect(three, 14, s.factor(14));
    expect(three, 15, 1);
  }

  @Test
  void badArgumentsAreRefused() {
    assertThatThrownBy(() -> step(0, 0.5)).hasMessage("step: size must be finite and > 0, got 0.0");
    assertThatThrownBy(() -> exponential(1.5))
        .hasMessage("exponential: gamma must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> cosine(100, -1))
        .hasMessage("cosine: min factor must be in [0, 1], got -1.0");
    assertThatThrownBy(() -> new Schedules.OneCycle(100, 1.2, 25, 1e4))
        .hasMessage("oneCycle: pct_start must be in (0, 1), got 1.2");
    assertThatThrownBy(() -> constant().factor(-1))
        .hasMessage("schedule: step must be >= 0, got -1");
  }
}
