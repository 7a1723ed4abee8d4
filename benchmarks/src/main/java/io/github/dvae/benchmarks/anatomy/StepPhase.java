package io.github.dvae.benchmarks.anatomy;

import java.util.List;

/**
 * The phases of the runner's training step that a sampled stack is charged to, in the order a
 * step runs them. A stack is read from its outermost frame inwards ({@link #of}); the frames are
 * {@code type.method} names, innermost first, as JFR gives them.
 */
public enum StepPhase {
    /** {@code RunStep.take} before the model's step: the batch binarised into its buffer. */
    BATCH("batch preparation"),
    /** The encoder MLP's forward pass, called by the model. */
    ENCODER_FORWARD("encoder forward"),
    /** The estimator's calls of the decoder objective {@code f} (forward and backward). */
    DECODER("decoder evaluations"),
    /** The estimator's own work outside {@code f}: draws, relaxations, control variates. */
    ESTIMATOR("estimator's own work"),
    /** The analytic KL and its gradient. */
    KL("KL and its gradient"),
    /** The encoder MLP's backward pass. */
    ENCODER_BACKWARD("encoder backward"),
    /** The model's Adam step over every parameter. */
    OPTIMISER("Adam"),
    /** Anything else inside the step (the model's own glue, gradient scaling). */
    OTHER("rest of the step");

    private static final String CORE = "io.github.dvae.core.";
    private static final String ESTIMATORS = "io.github.dvae.estimators.";

    private final String label;

    StepPhase(String label) {
        this.label = label;
    }

    /** What the phase is, in words, for tables and legends. */
    public String label() {
        return label;
    }

    /**
     * The phase a sampled stack belongs to.
     *
     * @param frames {@code fully.qualified.Type.method} names, innermost frame first
     */
    public static StepPhase of(List<String> frames) {
        boolean inStep = false;
        for (int i = frames.size() - 1; i >= 0; i--) {
            String frame = frames.get(i);
            if (frame.equals(CORE + "model.Vae.trainStep")) {
                inStep = true;
            } else if (frame.equals(CORE + "nn.Adam.step")) {
                return OPTIMISER;
            } else if (frame.startsWith(ESTIMATORS) && frame.endsWith(".estimate")) {
                for (int j = i - 1; j >= 0; j--) {
                    if (frames.get(j).startsWith(CORE + "model.DecoderObjective.")) {
                        return DECODER;
                    }
                }
                return ESTIMATOR;
            } else if (frame.endsWith(".divergence") && frame.startsWith(CORE + "latent.")) {
                return KL;
            } else if (frame.equals(CORE + "nn.Mlp.forward") && calledByModel(frames, i)) {
                return ENCODER_FORWARD;
            } else if (frame.equals(CORE + "nn.Mlp.backward") && calledByModel(frames, i)) {
                return ENCODER_BACKWARD;
            }
        }
        return inStep ? OTHER : BATCH;
    }

    /** Whether frame {@code i} was called by the model itself (the encoder, not f's decoder). */
    private static boolean calledByModel(List<String> frames, int i) {
        return i + 1 < frames.size() && frames.get(i + 1).startsWith(CORE + "model.Vae.");
    }
}
