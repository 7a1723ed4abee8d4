package io.github.dvae.estimators.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.DiscreteFamily;
import io.github.dvae.core.latent.EnumeratedGradient;
import io.github.dvae.core.latent.LatentKind;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every estimator, measured on one enumerable problem per latent kind: synthetic MNIST-shaped
 * images, {@code 784-32-(8b)-32-784} (256 Bernoulli configurations) and
 * {@code 784-32-(4x4)-32-784} (256 categorical ones), trained for 150 steps with the exact
 * gradient so that the posterior and decoder are no longer at their initial values;
 * then, at frozen parameters on one batch of 16, {@value #ESTIMATES} estimates per estimator of
 * every encoder and decoder parameter's gradient (KL left out) against the exact one. Reported for
 * the encoder's parameters (where the estimators differ; the decoder is trained at hard samples
 * by most of them): log10 of the mean per-parameter variance, the signal-to-noise ratio
 * {@code |mean| / std} (its median over coordinates that vary), the relative error {@code ||mean - exact|| / ||exact||}; and the relative
 * error over all parameters. For an unbiased estimator the relative error is Monte Carlo error
 * alone (it shrinks as {@code 1/sqrt(M)}); for a biased one it levels off at the bias. The
 * tables are printed (these are the figures the README quotes); the Bernoulli measurement also
 * asserts what theory guarantees: DisARM's variance is at most ARM's. It takes minutes, so it
 * runs on demand: {@code mvn -o test -pl estimators/all -am -Ddvae.measure=true
 * -Dtest=EstimatorComparison -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "dvae.measure", matches = "true",
        disabledReason = "a measurement of a few minutes, not a unit test: run with "
                + "-Ddvae.measure=true -Dtest=EstimatorComparison")
class EstimatorComparison {

    static final int ESTIMATES = 2000;

    /**
     * Measured besides every discovered provider's own variants (on each kind it serves): the
     * two-sample leave-one-out baseline that DisARM is compared with at equal cost.
     */
    static final List<String> EXTRA = List.of("reinforce:baseline=loo,samples=2");

    record Row(String estimator, int evaluations, double log10Variance, double snr,
            double relativeError, double allRelativeError, double cosine, boolean unbiased) {
    }

    @Test
    void everyBernoulliEstimatorAgainstTheExactGradient() {
        List<Row> rows = measure("784-32-(8b)-32-784");
        System.out.println(table("784-32-(8b)-32-784", rows));
        Map<String, Row> byId = new LinkedHashMap<>();
        rows.forEach(r -> byId.put(r.estimator(), r));
        assertTrue(byId.get("disarm").log10Variance() <= byId.get("arm").log10Variance(),
                "DisARM is a Rao-Blackwellisation of ARM");
        for (Row r : rows) {
            if (r.unbiased()) {
                assertTrue(r.cosine() > 0.9, r + ": an unbiased mean of " + ESTIMATES
                        + " estimates points along the exact gradient");
            }
        }
    }

    @Test
    void everyCategoricalEstimatorAgainstTheExactGradient() {
        System.out.println(table("784-32-(4x4)-32-784", measure("784-32-(4x4)-32-784")));
    }

    /** Every discovered provider's variants on this kind, then {@link #EXTRA}. */
    private static List<EstimatorSpec> estimators(LatentKind kind) {
        List<EstimatorSpec> out = new ArrayList<>();
        for (EstimatorProvider p : Estimators.discover()) {
            if (p.latentKinds().contains(kind) && !p.id().equals("exact")) {
                for (Map<String, String> options : p.variants()) {
                    out.add(new EstimatorSpec(p.id(), new java.util.TreeMap<>(options)));
                }
            }
        }
        EXTRA.forEach(t -> out.add(EstimatorSpec.parse(t)));
        return out;
    }

    static List<Row> measure(String written) {
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
        for (int step = 0; step < 150; step++) {
            Binarisation.DYNAMIC.apply(images.train(), pixels, null, (step * 32) % 480, 32,
                    ElementView.of(train), training);
            vae.trainStep(train, training);
        }
        GradientStudy.Reference exact = GradientStudy.exact(vae, batch);
        int encoderSize = vae.encoder().parameters().stream().mapToInt(p -> p.size()).sum();
        List<Row> rows = new ArrayList<>();
        for (EstimatorSpec spec : estimators(latent.kind())) {
            String text = spec.toString();
            EstimatorProvider provider = spec.provider();
            GradientEstimator e = provider.create(new EstimatorConfig(latent, pixels,
                    DataType.DOUBLE, 3L, spec.options()));
            if (!(e.family() instanceof DiscreteFamily)) {
                continue; // Gaussian and codebook latents: not this enumeration's posterior
            }
            RandomStream rng = RandomStream.of(2024);
            // Stateful baselines warm up on the same batch, parameters frozen.
            for (int m = 0; m < 100; m++) {
                vae.gradientEstimate(batch, rng, e, false, true);
            }
            GradientStudy.Measurement m = GradientStudy.measure(vae, batch, e, exact, ESTIMATES,
                    rng);
            CoordinateMoments all = m.parameterMoments();
            double[] encoderReference = java.util.Arrays.copyOf(exact.parameters(), encoderSize);
            // The encoder's slice of every estimate: mean and variance are per coordinate, so
            // a slice of the moments is the moments of the slice.
            double variance = 0;
            double largest = 0;
            for (int i = 0; i < encoderSize; i++) {
                variance += all.variance(i) / encoderSize;
                largest = Math.max(largest, all.variance(i));
            }
            // The median, not the mean, of |mean| / std over coordinates that vary: a mean is
            // dominated by a few rare-event coordinates (a saturated unit whose other value
            // REINFORCE never drew in M estimates has a tiny sample variance and a large mean).
            double[] ratios = new double[encoderSize];
            int counted = 0;
            double diff2 = 0;
            double ref2 = 0;
            for (int i = 0; i < encoderSize; i++) {
                if (all.variance(i) > 1e-12 * largest) {
                    ratios[counted++] = Math.abs(all.mean(i)) / Math.sqrt(all.variance(i));
                }
                double d = all.mean(i) - encoderReference[i];
                diff2 += d * d;
                ref2 += encoderReference[i] * encoderReference[i];
            }
            java.util.Arrays.sort(ratios, 0, counted);
            double snr = ratios[counted / 2];
            rows.add(new Row(text, evaluations(e, vae, batch), Math.log10(variance), snr,
                    Math.sqrt(diff2 / ref2), m.parameters().relativeError(),
                    m.parameters().cosine(), provider.unbiased(spec.options())));
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
        Objective counting = new Objective() {
            @Override
            public int examples() {
                return decoder.examples();
            }

            @Override
            public int inputWidth() {
                return decoder.inputWidth();
            }

            @Override
            public double[] values(DecoderInput z) {
                rows[0] += z.rows();
                return decoder.values(z);
            }

            @Override
            public Evaluation differentiate(DecoderInput z, double[] weights, Target target) {
                rows[0] += z.rows();
                return decoder.differentiate(z, weights, target);
            }
        };
        e.estimate(new EstimatorInput(vae.encoder().forward(batch), batch, 0, false), counting,
                RandomStream.of(1));
        return rows[0] / batch.rows();
    }

    static String table(String architecture, List<Row> rows) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "Estimators on %s, batch 16, %d estimates each%n"
                        + "| estimator | decoder evaluations | encoder: log10 variance | median SNR "
                        + "| relative error | all parameters: relative error |%n"
                        + "|---|---|---|---|---|---|%n", architecture, ESTIMATES));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| `%s` | %d | %.2f | %.3f | %.4f | %.4f |%n",
                    r.estimator(), r.evaluations(), r.log10Variance(), r.snr(),
                    r.relativeError(), r.allRelativeError()));
        }
        return b.toString();
    }
}
