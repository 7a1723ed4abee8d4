package io.github.dvae.experiments.cli;

import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.latent.LatentKind;
import io.github.dvae.core.tensor.ArrayExpLog;
import io.github.dvae.experiments.environment.BlasThreads;
import io.github.dvae.experiments.environment.EnvironmentCapture;
import io.github.dvae.reports.store.RunEnvironment;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code dvae estimators}: every estimator plug-in found on the class path, with the latent kinds
 * it serves, its options and their defaults, then the environment a run would record.
 */
@Command(name = "estimators", mixinStandardHelpOptions = true,
        description = {"Lists the estimator plug-ins found (ServiceLoader) with their options and "
                + "defaults, and the environment a run would record.", ""})
final class EstimatorsCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<EstimatorProvider> providers = Estimators.discover();
        out.println("Estimators found: " + providers.size());
        for (EstimatorProvider p : providers) {
            String kinds = p.latentKinds().stream().sorted().map(LatentKind::label)
                    .collect(Collectors.joining(", "));
            out.printf(Locale.ROOT, "%n  %s  (%s; latents: %s)%n    %s%n", p.id(),
                    p.unbiased() ? "unbiased" : "biased", kinds, p.description());
            for (EstimatorOption o : p.options()) {
                out.printf(Locale.ROOT, "    %-14s default %-8s %s%n", o.name(),
                        o.defaultValue(), o.description());
            }
        }
        RunEnvironment e = EnvironmentCapture.read().at(Instant.now(), BlasThreads.current(), 1);
        out.printf(Locale.ROOT, "%nEnvironment%n");
        out.printf(Locale.ROOT, "  dvae          %s (git %s)%n", e.harnessVersion(),
                e.gitCommit().isEmpty() ? "unknown" : e.gitCommit());
        out.printf(Locale.ROOT, "  Java          %s (%s), %s%n", e.javaVersion(), e.javaVendor(),
                e.javaVm());
        out.printf(Locale.ROOT, "  OS            %s%n", e.os());
        out.printf(Locale.ROOT, "  CPU           %s, %d cores available, max heap %d MB%n",
                e.cpuModel(), e.cores(), e.maxHeapMegabytes());
        out.printf(Locale.ROOT, "  ND4J          %s, BLAS %s with %d threads%n", e.backend(),
                e.blasVendor(), e.blasThreads());
        out.printf(Locale.ROOT, "  exp/log       %s%n", ArrayExpLog.vectorised()
                ? "Vector API (jdk.incubator.vector)"
                : "scalar polynomials (java --add-modules jdk.incubator.vector: Vector API)");
        out.printf(Locale.ROOT, "  variables     %s%n", e.variables().isEmpty() ? "(none set)"
                : e.variables());
        out.flush();
        return ExitCode.OK;
    }
}
