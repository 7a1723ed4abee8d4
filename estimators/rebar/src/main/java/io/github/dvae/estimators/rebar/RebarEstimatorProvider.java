package io.github.dvae.estimators.rebar;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorOptions;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.LatentKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code rebar}: REINFORCE with the Gumbel-Softmax control variate built from the perturbation
 * {@code z} and the conditional perturbation {@code z~ | b} (Tucker et al. 2017, "REBAR:
 * Low-variance, unbiased gradient estimates for discrete latent variable models"); unbiased for
 * every eta and lambda. Categorical variables (the conditional Gumbel) and Bernoulli units (the
 * paper's binary form, the conditional logistic). See {@link RebarEstimator} for the estimate,
 * its cost and how eta and lambda adapt.
 */
public final class RebarEstimatorProvider implements EstimatorProvider {

    static final String ETA = "eta";
    static final String LAMBDA = "lambda";
    static final String TUNE_LAMBDA = "tune-lambda";
    static final String LAMBDA_RATE = "lambda-rate";

    static final String AUTO = "auto";

    @Override
    public String id() {
        return "rebar";
    }

    @Override
    public String description() {
        return "REBAR (Tucker et al. 2017), REINFORCE with a conditional Gumbel-Softmax control "
                + "variate; unbiased";
    }

    @Override
    public List<EstimatorOption> options() {
        return List.of(
                new EstimatorOption(ETA, "1.0", "scale of the control variate: a finite number, "
                        + "or auto (each step, the variance-minimising scale estimated from the "
                        + "other examples of the batch and earlier batches)"),
                new EstimatorOption(LAMBDA, "0.5", "temperature of the relaxation "
                        + "softmax(z / lambda), > 0 (in [0.001, 1000] if tuned); the initial "
                        + "value if tuned"),
                new EstimatorOption(TUNE_LAMBDA, "false", "true: tune lambda by Adam on the "
                        + "estimator's variance, whose gradient in log lambda is 2 <g, dg/dlog "
                        + "lambda>, by central difference at common noise (costs two more relaxed "
                        + "decoder evaluations per example)"),
                new EstimatorOption(LAMBDA_RATE, "0.001", "Adam's learning rate for log lambda "
                        + "when tuned, > 0"));
    }

    /**
     * Fixed eta and lambda (the defaults, and a small lambda with another eta, so that the
     * contract's extreme-logit check also runs at lambda = 0.05), eta=auto, tuned lambda, and both
     * adaptations together.
     */
    @Override
    public List<Map<String, String>> variants() {
        return List.of(
                Map.of(),
                Map.of(ETA, "0.3", LAMBDA, "0.05"),
                Map.of(ETA, AUTO),
                Map.of(TUNE_LAMBDA, "true", LAMBDA_RATE, "0.05"),
                Map.of(ETA, AUTO, TUNE_LAMBDA, "true", LAMBDA, "2.0", LAMBDA_RATE, "0.05"));
    }

    /** Categorical variables and Bernoulli units, the paper's own setting. */
    @Override
    public Set<LatentKind> latentKinds() {
        return EnumSet.of(LatentKind.CATEGORICAL, LatentKind.BERNOULLI);
    }

    @Override
    public boolean unbiased() {
        return true;
    }

    @Override
    public GradientEstimator create(EstimatorConfig config) {
        EstimatorOptions o = EstimatorOptions.read(this, config);
        String etaText = o.raw(ETA);
        boolean autoEta = AUTO.equals(etaText);
        double eta = 1.0;
        if (!autoEta) {
            try {
                eta = Double.parseDouble(etaText);
            } catch (NumberFormatException e) {
                throw o.invalid(ETA, "must be a finite number or auto");
            }
            if (!Double.isFinite(eta)) {
                throw o.invalid(ETA, "must be a finite number or auto");
            }
        }
        double lambda = o.realAbove(LAMBDA, 0.0);
        boolean tune = o.flag(TUNE_LAMBDA);
        if (tune && !(lambda >= RebarSettings.MIN_TUNED_LAMBDA
                && lambda <= RebarSettings.MAX_TUNED_LAMBDA)) {
            throw o.invalid(LAMBDA, "must be a number in [" + RebarSettings.MIN_TUNED_LAMBDA
                    + ", " + RebarSettings.MAX_TUNED_LAMBDA + "] when tune-lambda=true");
        }
        double rate = o.realAbove(LAMBDA_RATE, 0.0);
        return new RebarEstimator(config.latent(),
                new RebarSettings(eta, autoEta, lambda, tune, rate), config.dataType());
    }
}
