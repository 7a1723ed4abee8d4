package io.github.dvae.estimators.contract;

import io.github.dvae.core.data.Binarisation;
import io.github.dvae.core.data.ImageDataset;
import io.github.dvae.core.data.SyntheticImages;
import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.EstimatorSpec;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.DiscreteFamily;
import io.github.dvae.core.latent.EnumeratedGradient;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.model.DecoderObjective;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.stats.CoordinateMoments;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.testing.GradientStudy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one comparison of every estimator against the exact gradient: on an enumerable problem
 * (synthetic MNIST-shaped images; {@link #BERNOULLI} and {@link #CATEGORICAL}, 256
 * configurations each), a model trained {@link Settings#trainingSteps} steps with the exact
 * gradient (so that posterior and decoder are past their initial values), then, at frozen
 * parameters on one batch of 16, M estimates of every encoder and decoder parameter's gradient
 * (KL left out) by every variant of every discovered provider serving the kind, plus
 * {@link #EXTRA}, each after warm-up estimates that update its state (baselines, surrogates).
 *
 * <p>Per row, for the encoder's parameters (where estimators differ; most train the decoder at
 * hard samples): log10 of the mean per-parameter variance; the median over coordinates that
 * vary of {@code |mean| / std} (a mean would be dominated by rare-event coordinates); the
 * relative error {@code ||mean - exact|| / ||exact||}; and its noise floor
 * {@code sqrt(sum_i var_i / M) / ||exact||}, the root-mean-square relative error of an unbiased
 * estimator's mean of M (so an unbiased row sits near its floor and a biased one above it);
 * the relative error over all parameters; decoder evaluations per example, counted from the
 * objective's calls. {@link EstimatorTableTest} checks those invariants at a small M.
 *
 * <p>Prints the README's Markdown tables (M = 500; minutes):
 * {@code mvn -o test -pl estimators/all -am -Ddvae.table=true -Dtest=EstimatorTable
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "dvae.table", matches = "true",
        disabledReason = "a measurement of minutes that prints the README's tables: run with "
                + "-Ddvae.table=true -Dtest=EstimatorTable")
class EstimatorTable {

    static final String BERNOULLI = "784-32-(8b)-32-784";
    static final String CATEGORICAL = "784-32-(4x4)-32-784";

    /**
     * Measured besides every provider's own variants: the two-sample leave-one-out baseline that
     * ARM and DisARM are compared with at equal cost.
     */
    static final List<String> EXTRA = List.of("reinforce:baseline=loo,samples=2");

    /** How much to measure: estimates per row, state-updating warm-up estimates, training. */
    record Settings(int estimates, int warmUp, int trainingSteps) {
        static final Settings README = new Settings(500, 50, 150);
    }

    /**
     * One estimator's row; errors and variances over the encoder's parameters unless named
     * {@code all}.
     */
    record Row(String estimator, boolean unbiased, int evaluations, double log10Variance,
            double snr, double relativeError, double noiseFloor, double allRelativeError) {
    }

    @Test
    void printTheReadmeTables() {
        for (String architecture : List.of(BERNOULLI, CATEGORICAL)) {
            System.out.println(markdown(architecture, Settings.README,
                    measure(architecture, Settings.README)));
        }
    }

    /**
     * Every discovered provider's variants serving this latent kind with a discrete posterior
     * (not {@code gaussian} or the codebook estimators, whose latents this enumeration does not
     * describe; not {@code exact}, the reference), then {@link #EXTRA}.
     */
    static List<EstimatorSpec> estimators(LatentSpec latent, int dataWidth) {
        List<EstimatorSpec> out = new ArrayList<>();
        for (EstimatorProvider p : Estimators.discover()) {
            if (p.latentKinds().contains(latent.kind()) && !p.id().equals("exact")) {
                for (Map<String, String> options : p.variants()) {
                    out.add(new EstimatorSpec(p.id(), new TreeMap<>(options)));
                }
            }
        }
        EXTRA.forEach(t -> out.add(EstimatorSpec.parse(t)));
        out.removeIf(s -> !(create(s, latent, dataWidth).family() instanceof DiscreteFamily));
        return out;
    }

    private static GradientEstimator create(EstimatorSpec spec, LatentSpec latent,
            int dataWidth) {
        return spec.provider().create(new EstimatorConfig(latent, dataWidth, DataType.DOUBLE, 3L,
                spec.options()));
    }

    /** The rows of every estimator ({@link #estimators}) on the problem of this architecture. */
    static List<Row> measure(String written, Settings settings) {
        VaeArchitecture architecture = VaeArchitecture.parse(written);
        LatentSpec latent = architecture.latent();
        RandomStream root = RandomStream.of(11);
        ImageDataset images = SyntheticImages.generate(root.nextLong(), 512, 16);
        int pixels = images.pixels();
        INDArray batch = Nd4j.create(DataType.DOUBLE, 16, pixels);
        Binarisation.DYNAMIC.apply(images.test(), pixels, null, 0, 16, ElementView.of(batch),
                root.split());
        Vae vae = new Vae(architecture, new EnumeratedGradient(latent), Adam.Settings.of(3e-3),
                DataType.DOUBLE, root.split());
        INDArray train = Nd4j.create(DataType.DOUBLE, 32, pixels);
        RandomStream training = root.split();
        for (int step = 0; step < settings.trainingSteps(); step++) {
            Binarisation.DYNAMIC.apply(images.train(), pixels, null, (step * 32) % 480, 32,
                    ElementView.of(train), training);
            vae.trainStep(train, training);
        }
        GradientStudy.Reference exact = GradientStudy.exact(vae, batch);
        int encoderSize = vae.encoder().parameters().stream().mapToInt(p -> p.size()).sum();
        double[] encoderReference = Arrays.copyOf(exact.parameters(), encoderSize);
        double referenceNorm2 = 0;
        for (double r : encoderReference) {
            referenceNorm2 += r * r;
        }
        List<Row> rows = new ArrayList<>();
        for (EstimatorSpec spec : estimators(latent, pixels)) {
            EstimatorProvider provider = spec.provider();
            GradientEstimator e = create(spec, latent, pixels);
            RandomStream rng = RandomStream.of(2024);
            // Stateful baselines and surrogates warm up on the same batch, parameters frozen.
            for (int m = 0; m < settings.warmUp(); m++) {
                vae.gradientEstimate(batch, rng, e, false, true);
            }
            GradientStudy.Measurement m = GradientStudy.measure(vae, batch, e, exact,
                    settings.estimates(), rng);
            CoordinateMoments all = m.parameterMoments();
            // Mean and variance are per coordinate: a slice of the moments is the slice's.
            double variance = 0;
            double largest = 0;
            for (int i = 0; i < encoderSize; i++) {
                variance += all.variance(i);
                largest = Math.max(largest, all.variance(i));
            }
            double[] ratios = new double[encoderSize];
            int counted = 0;
            double diff2 = 0;
            for (int i = 0; i < encoderSize; i++) {
                if (all.variance(i) > 1e-12 * largest) {
                    ratios[counted++] = Math.abs(all.mean(i)) / Math.sqrt(all.variance(i));
                }
                double d = all.mean(i) - encoderReference[i];
                diff2 += d * d;
            }
            Arrays.sort(ratios, 0, counted);
            rows.add(new Row(spec.toString(), provider.unbiased(spec.options()),
                    evaluations(e, vae, batch), Math.log10(variance / encoderSize),
                    counted == 0 ? 0.0 : ratios[counted / 2], Math.sqrt(diff2 / referenceNorm2),
                    Math.sqrt(variance / settings.estimates() / referenceNorm2),
                    m.parameters().relativeError()));
        }
        return rows;
    }

    /**
     * Decoder evaluations per example, counted: the rows of every objective call of one estimate
     * on the batch, divided by the batch size.
     */
    private static int evaluations(GradientEstimator e, Vae vae, INDArray batch) {
        DecoderObjective decoder = new DecoderObjective(vae.decoder(), DataType.DOUBLE)
                .bind(batch, 0.0);
        int[] rows = new int[1];
        Objective counting = new ObservedObjective(decoder, (z, target) -> rows[0] += z.rows());
        e.estimate(new EstimatorInput(vae.encoder().forward(batch), batch, 0, false), counting,
                RandomStream.of(1));
        return rows[0] / batch.rows();
    }

    /** The rows as a Markdown table headed by the problem. */
    static String markdown(String architecture, Settings settings, List<Row> rows) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "| `%s`, batch 16, %d estimates | unbiased | decoder evaluations "
                        + "| encoder: log10 variance | median SNR | relative error "
                        + "| noise floor | all parameters: relative error |%n"
                        + "|---|---|---|---|---|---|---|---|%n", architecture,
                settings.estimates()));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT,
                    "| `%s` | %s | %d | %.2f | %.3f | %.3f | %.3f | %.4f |%n", r.estimator(),
                    r.unbiased() ? "yes" : "no", r.evaluations(), r.log10Variance(), r.snr(),
                    r.relativeError(), r.noiseFloor(), r.allRelativeError()));
        }
        return b.toString();
    }
}
