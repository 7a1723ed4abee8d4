package io.github.dvae.experiments.sweep;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

/**
 * A sweep as the user defines it, before anything is looked up: which estimators, temperatures
 * and seeds, and the training settings every run shares. Values are checked here for range;
 * {@link SweepPlan#prepare} then checks names (estimators, options, architecture, data set)
 * against what exists.
 *
 * @param estimators estimator specs such as {@code reinforce:baseline=loo,samples=4}
 * @param temperatures values of {@code tau} given to every estimator that declares a {@code tau}
 *     option and whose spec does not set it
 * @param seeds one run per seed and estimator configuration
 * @param epochs passes over the training set per run, when {@code steps} is 0
 * @param steps the budget in optimiser steps, which rules over {@code epochs}; 0: epochs rule
 * @param evaluation the evaluation schedule in steps ({@code log:N}, {@code every:K} or a list,
 *     checked against the budget by {@link SweepPlan#prepare}); empty: {@code log:20} for a step
 *     budget, the end of every epoch for an epoch budget
 * @param validation the last this many training images held out for the validation ELBO; 0: none
 * @param batchSize examples per optimiser step
 * @param learningRate Adam's learning rate
 * @param architecture a preset ({@code small}, {@code seed}, {@code jang}) or a written form
 * @param data {@code synthetic}, {@code fashion-mnist} or {@code idx:<directory>}
 * @param dataSeed seeds the synthetic data set, the same for every run
 * @param binarisation {@code dynamic} or {@code threshold}
 * @param trainLimit use only the first this many training images; 0 uses all
 * @param testLimit use only the first this many test images; 0 uses all
 * @param probeEvery run the gradient variance probe before training, at every this many
 *     evaluation points (epochs, for an epoch budget) and at the last; 0 turns it off
 * @param probeEstimates M, independent estimates per probe
 * @param probeBatch examples in the probe's fixed minibatch
 * @param probeReference id of the estimator whose gradient is the reference for bias
 * @param probeNoisyReference an unbiased estimator whose mean over {@code probeReferenceDraws}
 *     draws is the reference for a biased estimator's bias where {@code probeReference} cannot
 *     serve the latent space; empty: none
 * @param probeReferenceDraws R, draws of the noisy reference per probe
 * @param iwSamples K, posterior samples per test image of the importance-weighted bound on
 *     {@code log p(x)} computed after the last epoch; 0 turns it off, else at least 2 (with one
 *     sample it is the ELBO)
 * @param iwEvery the bound also at every this many evaluation points and the last; 0: only
 *     after training
 * @param output the results store's directory
 * @param jobs runs at once; 0 chooses from the cores
 * @param basket the same-snapshot variance basket: {@code off}; {@code on}, one reference run
 *     per configuration measures every estimator configuration of the sweep at each of its
 *     probes; {@code only}, the same with only the reference runs trained (the other
 *     configurations are measured in their basket, not trained). Needs the probe
 * @param basketReference the estimator configuration whose runs are the basket's references,
 *     as a spec matched against the sweep's configurations; empty: the first configuration
 */
public record SweepDefinition(List<String> estimators, List<Double> temperatures,
        List<Long> seeds, int epochs, long steps, String evaluation, int validation,
        int batchSize, double learningRate, String architecture,
        String data, long dataSeed, String binarisation, int trainLimit, int testLimit,
        int probeEvery, int probeEstimates, int probeBatch, String probeReference,
        String probeNoisyReference, int probeReferenceDraws,
        int iwSamples, int iwEvery, Path output, int jobs, String basket,
        String basketReference) {

    /**
     * The default sweep's estimators: the score function plain and with its strongest cheap
     * baseline, the two Gumbel-Softmax forms, REBAR, and the continuous Gaussian VAE as the
     * reference row.
     */
    public static final List<String> DEFAULT_ESTIMATORS = List.of("reinforce",
            "reinforce:baseline=loo,samples=4", "gumbel-softmax", "st-gumbel-softmax", "rebar",
            "gaussian");

    /** The values of {@code basket}. */
    public static final List<String> BASKET_MODES = List.of("off", "on", "only");

    /** The default sweep's temperatures. */
    public static final List<Double> DEFAULT_TEMPERATURES = List.of(0.5, 1.0);

    /**
     * @throws InvalidSweepException naming the first value out of range and what is allowed
     */
    public SweepDefinition {
        estimators = List.copyOf(estimators);
        temperatures = List.copyOf(temperatures);
        seeds = List.copyOf(seeds);
        require(!estimators.isEmpty(), "at least one estimator is required");
        require(!temperatures.isEmpty(), "at least one temperature is required");
        require(!seeds.isEmpty(), "at least one seed is required");
        require(new HashSet<>(seeds).size() == seeds.size(), "seeds must differ, got " + seeds);
        require(epochs >= 1, "epochs must be an integer >= 1, got " + epochs);
        require(steps >= 0, "steps must be an integer >= 1, got " + steps);
        evaluation = evaluation.strip();
        require(validation >= 0, "validation must be >= 0 (0: none), got " + validation);
        require(batchSize >= 1, "batch-size must be an integer >= 1, got " + batchSize);
        require(learningRate > 0 && Double.isFinite(learningRate),
                "learning-rate must be a number > 0, got " + learningRate);
        require(trainLimit >= 0, "train-limit must be >= 0 (0: all), got " + trainLimit);
        require(testLimit >= 0, "test-limit must be >= 0 (0: all), got " + testLimit);
        require(probeEvery >= 0, "probe-every must be >= 0 (0: off), got " + probeEvery);
        require(probeEstimates >= 2, "probe-estimates must be an integer >= 2, got "
                + probeEstimates);
        require(probeBatch >= 1, "probe-batch must be an integer >= 1, got " + probeBatch);
        require(probeReferenceDraws >= 2, "probe-reference-draws must be an integer >= 2, got "
                + probeReferenceDraws);
        require(iwSamples == 0 || iwSamples >= 2, "iw-samples must be 0 (off) or an integer "
                + ">= 2, got " + iwSamples);
        require(iwEvery >= 0, "iw-every must be >= 0 (0: after training only), got " + iwEvery);
        require(iwEvery == 0 || iwSamples > 0, "iw-every " + iwEvery + " needs the bound: "
                + "set --iw-samples K (>= 2)");
        require(jobs >= 0, "jobs must be >= 0 (0: one per core), got " + jobs);
        basketReference = basketReference == null ? "" : basketReference.strip();
        basket = basket == null ? "off" : basket;
        require(BASKET_MODES.contains(basket), "basket must be one of " + BASKET_MODES
                + ", got '" + basket + "'");
        require(basket.equals("off") || probeEvery > 0, "basket needs the variance probe: "
                + "probe-every must be >= 1 with basket " + basket + ", got " + probeEvery);
    }

    /** A sweep without the same-snapshot basket. */
    public SweepDefinition(List<String> estimators, List<Double> temperatures,
            List<Long> seeds, int epochs, long steps, String evaluation, int validation,
            int batchSize, double learningRate, String architecture,
            String data, long dataSeed, String binarisation, int trainLimit, int testLimit,
            int probeEvery, int probeEstimates, int probeBatch, String probeReference,
            String probeNoisyReference, int probeReferenceDraws,
            int iwSamples, int iwEvery, Path output, int jobs) {
        this(estimators, temperatures, seeds, epochs, steps, evaluation, validation, batchSize,
                learningRate, architecture, data, dataSeed, binarisation, trainLimit, testLimit,
                probeEvery, probeEstimates, probeBatch, probeReference, probeNoisyReference,
                probeReferenceDraws, iwSamples, iwEvery, output, jobs, "off", "");
    }

    /** Whether the same-snapshot basket is measured. */
    public boolean basketOn() {
        return !basket.equals("off");
    }

    /** A sweep with an epoch budget, evaluated after every epoch, without validation. */
    public SweepDefinition(List<String> estimators, List<Double> temperatures,
            List<Long> seeds, int epochs, int batchSize, double learningRate, String architecture,
            String data, long dataSeed, String binarisation, int trainLimit, int testLimit,
            int probeEvery, int probeEstimates, int probeBatch, String probeReference,
            String probeNoisyReference, int probeReferenceDraws,
            int iwSamples, Path output, int jobs) {
        this(estimators, temperatures, seeds, epochs, 0, "", 0, batchSize, learningRate,
                architecture, data, dataSeed, binarisation, trainLimit, testLimit, probeEvery,
                probeEstimates, probeBatch, probeReference, probeNoisyReference,
                probeReferenceDraws, iwSamples, 0, output, jobs);
    }

    /** Whether the budget is in steps ({@link #steps()} rules) rather than epochs. */
    public boolean stepBudget() {
        return steps > 0;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidSweepException(message);
        }
    }
}
