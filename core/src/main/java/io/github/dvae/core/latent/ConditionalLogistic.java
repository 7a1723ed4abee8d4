package io.github.dvae.core.latent;

import io.github.dvae.core.likelihood.BernoulliLikelihood;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;

/**
 * {@link ConditionalGumbel}'s binary case, REBAR's perturbations of N Bernoulli units (Tucker et
 * al. 2017), which REBAR and RELAX share: with {@code theta = sigmoid(l)},
 * {@code z = l + log u - log(1 - u)} (logistic, {@code u ~ U(0, 1)}), {@code b = 1[z > 0]}, and
 * {@code z~ ~ z | b} from a fresh {@code v ~ U(0, 1)}. Writing REBAR's {@code z~ = l + logit(v')},
 * {@code v' = 1 - theta (1 - v)} for {@code b = 1} and {@code v' = v (1 - theta)} for
 * {@code b = 0}, in forms that stay finite at any logit:
 *
 * <pre>
 *   b = 1:  z~ = softplus(l + log v) - log(1 - v),       s = dz~/dl = sigmoid(l + log v)
 *   b = 0:  z~ = log v - softplus(log(1 - v) - l),       s = dz~/dl = sigmoid(log(1 - v) - l)
 * </pre>
 *
 * The relaxation is {@code sigmoid(z / lambda)}; {@code dz/dl = 1}.
 */
public final class ConditionalLogistic {

    private ConditionalLogistic() {
    }

    /**
     * For the {@code n} logits from 0: z, the bits {@code b = 1[z > 0]} into {@code codes}, z~
     * and its slope {@code dz~/dl}; per unit {@code u} then {@code v} from {@code rng}.
     */
    public static void draw(double[] logits, int n, RandomStream rng, int[] codes, double[] z,
            double[] zTilde, double[] slope) {
        for (int i = 0; i < n; i++) {
            double l = logits[i];
            double u = rng.nextOpenDouble();
            double perturbed = l + Math.log(u) - Math.log1p(-u);
            z[i] = perturbed;
            int bit = perturbed > 0 ? 1 : 0;
            codes[i] = bit;
            double v = rng.nextOpenDouble();
            zTilde[i] = conditional(l, bit, v);
            slope[i] = conditionalSlope(l, bit, v);
        }
    }

    /** {@code z~} for logit l, hard sample {@code bit} and conditional noise v in (0, 1). */
    public static double conditional(double l, int bit, double v) {
        return bit == 1
                ? BernoulliLikelihood.softplus(l + Math.log(v)) - Math.log1p(-v)
                : Math.log(v) - BernoulliLikelihood.softplus(Math.log1p(-v) - l);
    }

    /** {@code dz~/dl} at fixed v, in [0, 1]. */
    public static double conditionalSlope(double l, int bit, double v) {
        return bit == 1 ? BernoulliLikelihood.sigmoid(l + Math.log(v))
                : BernoulliLikelihood.sigmoid(Math.log1p(-v) - l);
    }

    /** {@code out[outFrom + i] = sigmoid(source[i] / lambda)} for i in [0, n). */
    public static void relax(double[] source, int n, double inverseTemperature, ElementView out,
            int outFrom) {
        for (int i = 0; i < n; i++) {
            out.set(outFrom + i, BernoulliLikelihood.sigmoid(source[i] * inverseTemperature));
        }
    }
}
