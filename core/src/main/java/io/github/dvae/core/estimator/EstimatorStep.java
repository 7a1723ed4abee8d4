package io.github.dvae.core.estimator;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What an estimator returns for one minibatch.
 *
 * @param gradient {@code B x encoderWidth}: an estimate of {@code d/d encoderOutput sum_b
 *     E_q[f_b(z)]}, per example, not averaged, for ascent. The KL term is not included (the model
 *     adds it analytically). May be a buffer the estimator reuses on its next call.
 * @param objective per example, the estimator's estimate of {@code E_q[f_b(z)]} in nats (the
 *     value it trained on: a relaxed estimator reports {@code f} at its relaxed sample)
 */
public record EstimatorStep(INDArray gradient, double[] objective) {
}
