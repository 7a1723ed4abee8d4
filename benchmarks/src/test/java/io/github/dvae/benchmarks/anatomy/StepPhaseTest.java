package io.github.dvae.benchmarks.anatomy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link StepPhase} and {@link WorkKind} read stacks as the runner's step makes them. */
class StepPhaseTest {

    private static final String CORE = "io.github.dvae.core.";

    /** A stack from the outermost frame inwards, returned innermost first as JFR gives it. */
    private static List<String> stack(String... outermostFirst) {
        List<String> frames = new ArrayList<>(List.of(outermostFirst));
        java.util.Collections.reverse(frames);
        return frames;
    }

    private static final String[] STEP = {"io.github.dvae.benchmarks.StepAnatomy.call",
        "io.github.dvae.experiments.training.RunStep.take", CORE + "model.Vae.trainStep",
        CORE + "model.Vae.backpropagate"};

    private static List<String> inStep(String... inner) {
        List<String> all = new ArrayList<>(List.of(STEP));
        all.addAll(List.of(inner));
        return stack(all.toArray(String[]::new));
    }

    @Test
    void theEncoderIsTheMlpTheModelCalls() {
        assertEquals(StepPhase.ENCODER_FORWARD, StepPhase.of(inStep(CORE + "nn.Mlp.forward",
                CORE + "nn.DenseLayer.forward", CORE + "tensor.MatrixProduct.gemm")));
        assertEquals(StepPhase.ENCODER_BACKWARD, StepPhase.of(inStep(CORE + "nn.Mlp.backward",
                CORE + "nn.DenseLayer.backward")));
    }

    @Test
    void theDecoderIsWhateverTheEstimatorReachesThroughTheObjective() {
        String estimate = "io.github.dvae.estimators.relax.RelaxEstimator.estimate";
        assertEquals(StepPhase.DECODER, StepPhase.of(inStep(estimate,
                CORE + "model.DecoderObjective.differentiate", CORE + "nn.Mlp.forward",
                CORE + "tensor.MatrixProduct.gemm")));
        assertEquals(StepPhase.ESTIMATOR, StepPhase.of(inStep(estimate,
                "io.github.dvae.estimators.relax.SurrogateNetwork.forward",
                CORE + "tensor.MatrixProduct.gemm")));
    }

    @Test
    void klAdamBatchAndTheRest() {
        assertEquals(StepPhase.KL, StepPhase.of(inStep(
                CORE + "latent.CategoricalFamily.divergence", CORE + "tensor.VectorExpLog.exp")));
        assertEquals(StepPhase.OPTIMISER, StepPhase.of(stack(STEP[0], STEP[1], STEP[2],
                CORE + "nn.Adam.step", CORE + "nn.AdamKernel.update")));
        assertEquals(StepPhase.BATCH, StepPhase.of(stack(STEP[0], STEP[1],
                CORE + "data.Binarisation.apply")));
        assertEquals(StepPhase.OTHER, StepPhase.of(inStep(CORE + "tensor.WorkerPool.forEach")));
    }

    @Test
    void productsAreNativeTimeUnderMatrixProduct() {
        List<String> gemm = inStep(CORE + "nn.Mlp.forward", CORE + "tensor.MatrixProduct.gemm",
                "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.execCustomOp2");
        assertEquals(WorkKind.PRODUCTS, WorkKind.of(true, gemm));
        assertEquals(WorkKind.JAVA, WorkKind.of(false, gemm));
        assertEquals(WorkKind.NATIVE, WorkKind.of(true, inStep(
                "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.allocateDataBuffer")));
    }
}
