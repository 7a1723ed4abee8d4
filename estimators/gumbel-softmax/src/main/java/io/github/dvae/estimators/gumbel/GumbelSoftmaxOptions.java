package io.github.dvae.estimators.gumbel;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorOptions;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import java.util.List;

/** The options both Gumbel-Softmax providers share, and the estimator they build. */
final class GumbelSoftmaxOptions {

    static final String TAU = "tau";
    static final String TAU_MIN = "tau-min";
    static final String ANNEAL_RATE = "anneal-rate";
    static final String ANNEAL_EVERY = "anneal-every";

    private GumbelSoftmaxOptions() {
    }

    static List<EstimatorOption> declared() {
        return List.of(
                new EstimatorOption(TAU, "1.0", "temperature tau (initial, if annealed), > 0"),
                new EstimatorOption(TAU_MIN, "0.5", "lowest temperature of the annealing "
                        + "schedule, > 0"),
                new EstimatorOption(ANNEAL_RATE, "0", "r in tau_t = max(tau-min, tau exp(-r t)); "
                        + "0 keeps tau constant; >= 0"),
                new EstimatorOption(ANNEAL_EVERY, "1000", "update the annealed temperature "
                        + "every this many steps, integer >= 1"));
    }

    static GradientEstimator create(EstimatorProvider provider, EstimatorConfig config,
            boolean hard) {
        EstimatorOptions o = EstimatorOptions.read(provider, config);
        double tau = o.realAbove(TAU, 0.0);
        double tauMin = o.realAbove(TAU_MIN, 0.0);
        double rate = o.real(ANNEAL_RATE);
        if (rate < 0) {
            throw o.invalid(ANNEAL_RATE, "must be a number >= 0");
        }
        int every = o.integerAtLeast(ANNEAL_EVERY, 1);
        return new GumbelSoftmaxEstimator(config.latent(), hard,
                new TemperatureSchedule(tau, Math.min(tauMin, tau), rate, every),
                config.dataType());
    }
}
