package io.github.dvae.estimators.rebar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.data.Binarisation;
import io.github.dvae.core.data.ImageDataset;
import io.github.dvae.core.data.SyntheticImages;
import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.EnumeratedGradient;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.stats.CoordinateMoments;
import io.github.dvae.core.stats.GradientComparison;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.testing.TinyProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** REBAR inside a VAE: every parameter's gradient unbiased, and training that works. */
class RebarVaeTest {

    /**
     * Every parameter gradient of a tiny VAE with 3 x 3 latents and a peaked posterior, encoder
     * and decoder, is unbiased: the decoder is trained at {@code f(b)} alone, so the control
     * variate does not leak into it. The reference is the exact gradient by enumeration (27
     * configurations per example).
     */
    @Test
    void everyParameterGradientOfATinyVaeIsUnbiased() {
        TinyProblem problem = new TinyProblem(LatentSpec.categorical(3, 3));
        for (Map<String, String> options : List.of(Map.of("eta", "auto", "lambda", "0.3"),
                Map.of("eta", "1.5", "lambda", "1", "tune-lambda", "true"))) {
            GradientEstimator rebar = new RebarEstimatorProvider().create(
                    problem.config(options));
            Vae vae = problem.model(rebar, 5, 2.0);
            vae.gradientEstimate(problem.data(), RandomStream.of(0),
                    new EnumeratedGradient(problem.latent()), false);
            double[] exact = TinyProblem.gradients(vae);
            RandomStream rng = RandomStream.of(6);
            for (int m = 0; m < 50; m++) {
                vae.gradientEstimate(problem.data(), rng, rebar, false, true);
            }
            int estimates = 3000;
            CoordinateMoments moments = new CoordinateMoments(exact.length);
            for (int m = 0; m < estimates; m++) {
                vae.gradientEstimate(problem.data(), rng, rebar, false);
                moments.add(TinyProblem.gradients(vae));
            }
            GradientComparison c = GradientComparison.of(moments, exact);
            double bound = RebarUnbiasednessTest.bound(exact.length);
            System.out.printf("tiny VAE %s: all %d parameter gradients, relative error %.4f, "
                    + "cosine %.5f, max |z| %.2f (bound %.2f)%n", options, exact.length,
                    c.relativeError(), c.cosine(), c.maxAbsZ(), bound);
            assertTrue(c.maxAbsZ() < bound, "max |z| " + c.maxAbsZ());
        }
    }

    /**
     * REBAR trains the small preset (784-200-(20x10)-200-784) on synthetic images: the test-set
     * ELBO, with hard samples, rises well above its starting value in a few hundred steps.
     */
    @Test
    void trainsTheSmallPreset() {
        int pixels = SyntheticImages.SIDE * SyntheticImages.SIDE;
        ImageDataset data = SyntheticImages.generate(11, 3000, 500);
        GradientEstimator rebar = new RebarEstimatorProvider().create(new EstimatorConfig(
                VaeArchitecture.small().latent(), pixels, DataType.FLOAT, 0, Map.of()));
        Vae vae = new Vae(VaeArchitecture.small(), rebar, Adam.Settings.of(1e-3), DataType.FLOAT,
                RandomStream.of(12));
        INDArray test = Nd4j.create(DataType.FLOAT, data.testSize(), pixels);
        Binarisation.DYNAMIC.apply(data.test(), pixels, null, 0, data.testSize(),
                ElementView.of(test), RandomStream.of(13));
        double before = vae.evaluate(test, RandomStream.of(14)).elbo();

        int batch = 64;
        int steps = 300;
        INDArray minibatch = Nd4j.create(DataType.FLOAT, batch, pixels);
        RandomStream rng = RandomStream.of(15);
        int[] order = new int[data.trainSize()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int at = order.length;
        long start = System.nanoTime();
        double firstTrain = Double.NaN;
        double lastTrain = 0;
        for (int step = 0; step < steps; step++) {
            if (at + batch > order.length) {
                rng.shuffle(order);
                at = 0;
            }
            Binarisation.DYNAMIC.apply(data.train(), pixels, order, at, batch,
                    ElementView.of(minibatch), rng);
            at += batch;
            double elbo = vae.trainStep(minibatch, rng).elbo();
            if (step == 0) {
                firstTrain = elbo;
            }
            if (step >= steps - 50) {
                lastTrain += elbo / 50;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double after = vae.evaluate(test, RandomStream.of(14)).elbo();
        System.out.printf("rebar, small preset, %d steps of %d (%.1f s, %.0f images/s): test ELBO "
                + "%.1f -> %.1f nats; train ELBO first step %.1f, mean of last 50 %.1f; %s%n",
                steps, batch, seconds, steps * batch / seconds, before, after, firstTrain,
                lastTrain, rebar.diagnostics());
        assertTrue(Double.isFinite(after), "test ELBO " + after);
        // Measured: about -543 -> -222 nats.
        assertTrue(after > before + 150, "test ELBO " + before + " -> " + after);
        assertEquals(vae.steps(), steps);
    }

}
