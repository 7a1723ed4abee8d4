package io.github.dvae.estimators.rebar;

/**
 * REBAR's resolved options.
 *
 * @param eta the control variate's scale; with {@code autoEta}, the value used until the
 *     variance-minimising scale can be estimated (1)
 * @param autoEta whether eta is set each step to the variance-minimising value (see
 *     {@link RebarEstimator})
 * @param lambda the relaxation's temperature, {@code > 0}; the initial value if tuned
 * @param tuneLambda whether lambda is tuned by descending the estimator's variance
 * @param lambdaRate Adam's learning rate for {@code log lambda} when tuned, {@code > 0}
 */
record RebarSettings(double eta, boolean autoEta, double lambda, boolean tuneLambda,
        double lambdaRate) {

    /** Tuned temperatures stay in {@code [MIN_TUNED_LAMBDA, MAX_TUNED_LAMBDA]}. */
    static final double MIN_TUNED_LAMBDA = 1e-3;
    static final double MAX_TUNED_LAMBDA = 1e3;

    RebarSettings {
        if (!Double.isFinite(eta) || !(lambda > 0) || !Double.isFinite(lambda)
                || !(lambdaRate > 0)) {
            throw new IllegalArgumentException("REBAR needs a finite eta, lambda > 0 and "
                    + "lambda-rate > 0; got " + eta + ", " + lambda + ", " + lambdaRate);
        }
    }
}
