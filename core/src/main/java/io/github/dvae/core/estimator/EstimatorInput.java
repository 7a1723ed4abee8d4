package io.github.dvae.core.estimator;

import io.github.dvae.core.tensor.WorkerPool;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What an estimator receives for one minibatch.
 *
 * @param encoderOutput {@code B x family().encoderWidth()}: logits ({@code B x N x K}) for
 *     categorical latents, read-only
 * @param data the minibatch {@code B x D} (binary pixels), for input-dependent baselines
 * @param step the number of optimiser steps taken before this one, for schedules
 * @param updateState whether the estimator may update its own state (baselines, schedules,
 *     codebooks): false when a probe draws many estimates at frozen parameters
 * @param workers threads for the estimator's elementwise work; results must not depend on them
 */
public record EstimatorInput(INDArray encoderOutput, INDArray data, long step,
        boolean updateState, WorkerPool workers) {

    /** An input whose elementwise work runs on the calling thread. */
    public EstimatorInput(INDArray encoderOutput, INDArray data, long step, boolean updateState) {
        this(encoderOutput, data, step, updateState, WorkerPool.SERIAL);
    }

    /** Number of examples B. */
    public int examples() {
        return encoderOutput.rows();
    }
}
