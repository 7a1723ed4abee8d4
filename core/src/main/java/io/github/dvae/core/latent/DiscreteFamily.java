package io.github.dvae.core.latent;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * A latent family of discrete variables whose samples are codes ({@link DiscretePosterior}):
 * categorical variables ({@link CategoricalFamily}) or Bernoulli units ({@link BernoulliFamily}).
 * Estimators that serve both kinds work through this interface; exact enumeration covers both.
 */
public interface DiscreteFamily extends LatentFamily {

    /**
     * The posterior work buffer this family computes its KL with. Estimators of this family
     * update it with the same logits, so the model's KL that follows reuses their work.
     */
    DiscretePosterior posterior();

    /**
     * The family of {@code spec}'s kind: categorical or Bernoulli (with its learned prior's
     * logits in {@code type}, if it has one).
     */
    static DiscreteFamily of(LatentSpec spec, DataType type) {
        return switch (spec.kind()) {
            case CATEGORICAL -> new CategoricalFamily(spec);
            case BERNOULLI -> new BernoulliFamily(spec, type);
        };
    }
}
