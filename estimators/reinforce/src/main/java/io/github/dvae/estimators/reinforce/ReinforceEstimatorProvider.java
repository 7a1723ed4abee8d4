package io.github.dvae.estimators.reinforce;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorOptions;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.LatentKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code reinforce}: the score-function estimator {@code (f(z) - c) d log q(z) / d l} (Williams
 * 1992), with an optional baseline c (none, a moving average, leave-one-out over S samples, or
 * NVIL's learned input-dependent baseline) and S samples per example. See the module's README.
 */
public final class ReinforceEstimatorProvider implements EstimatorProvider {

    static final String BASELINE = "baseline";
    static final String SAMPLES = "samples";
    static final String DECAY = "decay";
    static final String HIDDEN = "hidden";
    static final String NORMALISE = "normalise";

    private static final String DEFAULT_DECAY = "0.9";
    private static final String DEFAULT_HIDDEN = "100";
    private static final String DEFAULT_NORMALISE = "false";

    @Override
    public String id() {
        return "reinforce";
    }

    @Override
    public String description() {
        return "REINFORCE / score function (Williams 1992), f(z) grad log q(z), optionally with a "
                + "baseline (moving average, leave-one-out, or NVIL's learned one); unbiased";
    }

    @Override
    public List<EstimatorOption> options() {
        return List.of(
                new EstimatorOption(BASELINE, "none", "none | ema (moving average of f) | loo "
                        + "(leave-one-out over the S samples; needs samples >= 2) | learned "
                        + "(NVIL: running mean plus an MLP on x, trained by squared error)"),
                new EstimatorOption(SAMPLES, "1", "samples per example S, averaged (integer >= 1)"),
                new EstimatorOption(DECAY, DEFAULT_DECAY, "decay of the running averages of the "
                        + "ema and learned baselines, in (0, 1)"),
                new EstimatorOption(HIDDEN, DEFAULT_HIDDEN, "hidden units of the learned "
                        + "baseline's MLP (integer >= 1); baseline=learned only"),
                new EstimatorOption(NORMALISE, DEFAULT_NORMALISE, "true divides the centred "
                        + "signal by max(1, running std), as NVIL does: a step size, so the mean "
                        + "is the gradient divided by that factor; baseline=learned only"));
    }

    @Override
    public List<Map<String, String>> variants() {
        return List.of(Map.of(), Map.of(BASELINE, "ema"), Map.of(BASELINE, "loo", SAMPLES, "4"),
                Map.of(BASELINE, "learned", HIDDEN, "8"),
                Map.of(BASELINE, "learned", HIDDEN, "8", NORMALISE, "true", SAMPLES, "2"));
    }

    /** Both: the score {@code d log q(z) / d l} is the only part that depends on the kind. */
    @Override
    public Set<LatentKind> latentKinds() {
        return EnumSet.allOf(LatentKind.class);
    }

    /**
     * True: no baseline depends on the sample it is subtracted from, so each leaves the mean
     * unchanged. The exception is {@code normalise=true}, which divides the mean by
     * {@code max(1, s)}: unbiased in direction only. The contract suite's tiny model has
     * {@code s < 1}, so it cannot see this; {@code LearnedBaselineTest} measures it.
     */
    @Override
    public boolean unbiased() {
        return true;
    }

    /**
     * NVIL's variance normalisation divides the learning signal by a running estimate of its
     * standard deviation (when above 1), which rescales the gradient's mean: biased in scale,
     * though not in direction.
     */
    @Override
    public boolean unbiased(Map<String, String> options) {
        return !Boolean.parseBoolean(options.getOrDefault(NORMALISE, DEFAULT_NORMALISE).trim());
    }

    @Override
    public GradientEstimator create(EstimatorConfig config) {
        EstimatorOptions o = EstimatorOptions.read(this, config);
        Baseline baseline = Baseline.parse(o.choice(BASELINE, Baseline.names()));
        int samples = o.integerAtLeast(SAMPLES, 1);
        if (baseline == Baseline.LOO && samples < 2) {
            throw o.invalid(SAMPLES, "the leave-one-out baseline needs samples >= 2");
        }
        double decay = o.realBetween(DECAY, 0.0, 1.0);
        int hidden = o.integerAtLeast(HIDDEN, 1);
        boolean normalise = o.flag(NORMALISE);
        // A value the chosen baseline would silently ignore is refused; a default is accepted,
        // so that resolved options (every default written out, as a run records them) build
        // the same estimator again.
        refuseIgnored(o, baseline, DECAY, EnumSet.of(Baseline.EMA, Baseline.LEARNED));
        refuseIgnored(o, baseline, HIDDEN, EnumSet.of(Baseline.LEARNED));
        refuseIgnored(o, baseline, NORMALISE, EnumSet.of(Baseline.LEARNED));
        LearnedBaseline learned = null;
        if (baseline == Baseline.LEARNED) {
            if (config.dataWidth() < 1) {
                throw o.invalid(BASELINE, "the learned baseline reads the data, but the "
                        + "configuration gives a data width of " + config.dataWidth());
            }
            learned = new LearnedBaseline(config.dataWidth(), hidden, decay, normalise,
                    config.dataType(), config.seed());
        }
        return new ReinforceEstimator(config.latent(), baseline, samples, decay, learned,
                config.dataType());
    }

    private static void refuseIgnored(EstimatorOptions o, Baseline baseline, String option,
            Set<Baseline> readers) {
        o.requireDefaultUnless(option, readers.contains(baseline), "baseline="
                + String.join(" or baseline=", readers.stream()
                        .map(b -> b.name().toLowerCase(Locale.ROOT)).toList())
                + ", not baseline=" + baseline.name().toLowerCase(Locale.ROOT));
    }
}
