package io.github.dvae.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.model.VaeArchitecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad value gets exit code 2 and one line on standard error that names the value and what
 * is allowed; no stack trace, nothing run, nothing written.
 */
class BadValuesTest {

    @TempDir
    Path dir;

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("-e nope", "unknown estimator 'nope'; found: "
                        + Estimators.discover().stream().map(EstimatorProvider::id)
                                .collect(Collectors.joining(", "))),
                Arguments.of("-e gumbel-softmax:tau=-1",
                        "estimator 'gumbel-softmax': option tau=-1 is not valid: must be a number > 0"),
                Arguments.of("-e gumbel-softmax --tau -1",
                        "estimator 'gumbel-softmax': option tau=-1.0 is not valid"),
                Arguments.of("-e reinforce:colour=red",
                        "estimator 'reinforce' has no option 'colour'; its options are "
                                + Estimators.find("reinforce").options().stream()
                                        .map(EstimatorOption::name).sorted()
                                        .collect(Collectors.joining(", "))),
                Arguments.of("-e reinforce:baseline=loo",
                        "option samples=1 is not valid: the leave-one-out baseline needs samples >= 2"),
                Arguments.of("-e reinforce:baseline", "option 'baseline' is not name=value"),
                Arguments.of("--data mnist", "data set 'mnist' is not one of: synthetic, "
                        + "fashion-mnist, idx:"),
                Arguments.of("--data idx:/no/such/dir", "/no/such/dir does not exist"),
                Arguments.of("--epochs 0", "epochs must be an integer >= 1, got 0"),
                Arguments.of("sweep --epochs 0", "epochs must be an integer >= 1, got 0"),
                Arguments.of("--epochs many", "Invalid value for option '--epochs': 'many' is not "
                        + "an int"),
                Arguments.of("--batch-size -5", "batch-size must be an integer >= 1, got -5"),
                Arguments.of("--learning-rate 0", "learning-rate must be a number > 0, got 0.0"),
                Arguments.of("--seeds 1,1", "seeds must differ, got [1, 1]"),
                Arguments.of("-a huge", "architecture 'huge' is neither a preset ("
                        + String.join(", ", VaeArchitecture.presets()) + ") nor of the form"),
                Arguments.of("-a 784-200-(200q)-200-784", "architecture '784-200-(200q)-200-784': "
                        + "latent space '200q' is not of a form"),
                Arguments.of("-e vq -a 784-16-(8b)-16-784", "estimator 'vq' serves categorical "
                        + "latents, not bernoulli"),
                Arguments.of("--binarisation fuzzy", "binarisation 'fuzzy' is not one of: "
                        + "dynamic, threshold"),
                Arguments.of("--probe-every 1 --probe-reference oracle",
                        "unknown estimator 'oracle'"),
                Arguments.of("--iw-samples 1", "iw-samples must be 0 (off) or an integer >= 2, "
                        + "got 1"),
                Arguments.of("--iw-samples -5", "iw-samples must be 0 (off) or an integer >= 2, "
                        + "got -5"),
                Arguments.of("sweep --iw-samples 1", "iw-samples must be 0 (off) or an integer "
                        + ">= 2, got 1"),
                Arguments.of("--iw-samples 2.5", "Invalid value for option '--iw-samples': '2.5' "
                        + "is not an int"),
                Arguments.of("--train-limit 50", "batch-size 100 exceeds the 50 training images"),
                Arguments.of("--steps 0", "steps must be an integer >= 1, got 0"),
                Arguments.of("--steps -3", "steps must be an integer >= 1, got -3"),
                Arguments.of("--steps 100 --evaluation log:1", "evaluation schedule 'log:1' is "
                        + "not log:N (N >= 2), every:K (K >= 1) or a list of steps"),
                Arguments.of("--steps 100 --evaluation every:0", "evaluation schedule 'every:0' "
                        + "is not log:N"),
                Arguments.of("--steps 100 --evaluation 10,50,200", "step 200 is outside 1..100"),
                Arguments.of("--epochs 1 --evaluation 10,500000", "step 500000 is outside 1..100"),
                Arguments.of("--steps 100 --evaluation sometimes", "evaluation schedule "
                        + "'sometimes' is not log:N"),
                Arguments.of("--validation 10000", "validation 10000 must be in 0..9999: the "
                        + "10000 training images of synthetic must keep at least one"),
                Arguments.of("--validation -1", "validation must be >= 0 (0: none), got -1"),
                Arguments.of("--iw-every 2", "iw-every 2 needs the bound: set --iw-samples K"),
                Arguments.of("--iw-every -1 --iw-samples 5", "iw-every must be >= 0"),
                Arguments.of("--no-such-option", "Unknown option: '--no-such-option'"),
                Arguments.of("report /no/such/store", "no results store at /no/such/store"),
                Arguments.of("toy --target 1.5", "--target target must be in (0, 1), got 1.5"),
                Arguments.of("toy --steps 0", "--steps and --record-every must be >= 1"),
                Arguments.of("toy -e vq", "estimator 'vq' does not work on categorical latents"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void aBadValueGetsOneLineNamingItAndExitCode2(String args, String message) {
        Path store = dir.resolve("store");
        List<String> argv = new ArrayList<>(List.of(args.split(" ")));
        if (!argv.get(0).equals("report")) {
            argv.addAll(List.of("--output", store.toString()));
        }
        CliRun run = CliRun.of(argv.toArray(String[]::new));

        assertEquals(ExitCode.USAGE, run.code(), run.err());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), "one line:\n" + run.err());
        assertTrue(lines.get(0).startsWith("dvae: "), lines.get(0));
        assertTrue(lines.get(0).contains(message), "expected '" + message + "' in: " + lines.get(0));
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
        assertEquals("", run.out());
        assertFalse(Files.exists(store), "nothing may be written for a bad value");
    }

    @Test
    void helpListsTheOptionsAndSubcommands() {
        CliRun run = CliRun.of("--help");
        assertEquals(ExitCode.OK, run.code());
        for (String s : List.of("--estimator", "--tau", "--seeds", "--epochs", "--batch-size",
                "--learning-rate", "--architecture", "--data", "--binarisation", "--output",
                "--jobs", "--probe-every", "--iw-samples", "--steps", "--evaluation", "sweep", "report", "estimators")) {
            assertTrue(run.out().contains(s), s + " in help");
        }
    }

    /** picocli formats descriptions with String.format: a lone '%' garbles help with a WARN. */
    @Test
    void everyHelpTextIsAValidFormatString() {
        picocli.CommandLine root = DvaeCommand.forArguments(new String[0], false,
                new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter()));
        List<picocli.CommandLine> commands = new ArrayList<>(List.of(root));
        commands.addAll(root.getSubcommands().values());
        java.util.regex.Pattern lone = java.util.regex.Pattern.compile("%(?!n)");
        for (picocli.CommandLine c : commands) {
            List<String> texts = new ArrayList<>(List.of(c.getCommandSpec().usageMessage()
                    .description()));
            c.getCommandSpec().options().forEach(o -> texts.addAll(List.of(o.description())));
            for (String text : texts) {
                assertFalse(lone.matcher(text.replace("%%", "")).find(), c.getCommandName() + ": " + text);
            }
        }
    }

    @Test
    void estimatorsListsEveryPluginWithItsOptionsAndTheEnvironment() {
        CliRun run = CliRun.of("estimators");
        assertEquals(ExitCode.OK, run.code(), run.err());
        for (String s : List.of("reinforce", "gumbel-softmax", "st-gumbel-softmax", "exact",
                "baseline", "default none", "tau", "default 1.0", "Environment", "BLAS", "exp/log",
                "Java")) {
            assertTrue(run.out().contains(s), s + " in:\n" + run.out());
        }
    }
}
