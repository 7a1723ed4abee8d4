package io.github.dvae.estimators.vq;

import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.model.VaeArchitecture;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The longer measurements behind the numbers in the README and the frozen reference in
 * {@link VqTrainingTest}: trains each estimator spec given on the command line on the synthetic
 * images and prints test reconstruction, KL, ELBO and the estimator's diagnostics.
 *
 * <p>Arguments: {@code architecture steps batch train-images test-images seed spec...}, a spec
 * being {@code id} or {@code id:name=value,name=value}; the images are generated from seed 7.
 * Providers are found by {@link java.util.ServiceLoader}, so to compare against other plug-ins
 * (REINFORCE) run it on the class path of {@code estimators/all}, after {@code mvn install}:
 *
 * <pre>
 * mvn -o -q -pl estimators/all dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=/tmp/cp.txt
 * java -cp estimators/vq/target/test-classes:$(cat /tmp/cp.txt) \
 *     io.github.dvae.estimators.vq.SyntheticMeasurement '784-200-(20x64x8)-200-784' 3000 100 \
 *     10000 2000 1 vq vq:codebook=ema,dead-after=50 vq-gumbel reinforce
 * </pre>
 *
 * A spec whose latent needs no embedding (reinforce) reads the architecture's N x K.
 */
public final class SyntheticMeasurement {

    private SyntheticMeasurement() {
    }

    public static void main(String[] args) {
        VaeArchitecture architecture = VaeArchitecture.parse(args[0]);
        int steps = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        SyntheticTraining training = new SyntheticTraining(7, Integer.parseInt(args[3]),
                Integer.parseInt(args[4]));
        long seed = Long.parseLong(args[5]);
        for (int i = 6; i < args.length; i++) {
            String[] parts = args[i].split(":", 2);
            EstimatorProvider provider = Estimators.find(parts[0]);
            Map<String, String> options = new LinkedHashMap<>();
            if (parts.length > 1) {
                for (String kv : parts[1].split(",")) {
                    String[] p = kv.split("=", 2);
                    options.put(p[0], p[1]);
                }
            }
            System.out.println(training.run(provider, options, architecture, steps, batch, 1e-3,
                    seed));
        }
    }
}
