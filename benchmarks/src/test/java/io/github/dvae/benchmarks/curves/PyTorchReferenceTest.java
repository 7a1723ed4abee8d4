package io.github.dvae.benchmarks.curves;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PyTorchReferenceTest {

    /** The reference script's output: an epoch line, then the figure line. */
    @Test
    void readsTheLastImagesPerSecondFigure() throws IOException {
        String output = "epoch 1 neg_elbo 210.334\n"
                + "reinforce categorical N=20 K=256 hidden=400 act=relu S=1 batch=128 "
                + "threads=2: 1213.4 images/s over 100 steps (10.5s)\n";
        assertEquals(1213.4, PyTorchReference.parseImagesPerSecond(output), 0);
        assertEquals(2e3, PyTorchReference.parseImagesPerSecond("1 images/s\n2e3 images/s"), 0);
        IOException e = assertThrows(IOException.class,
                () -> PyTorchReference.parseImagesPerSecond("Traceback ...\nModuleNotFoundError:"
                        + " No module named 'torch'\n"));
        assertTrue(e.getMessage().contains("No module named 'torch'"), e.getMessage());
    }

    @Test
    void formsFollowTheScriptsEstimatorsAndShapes() {
        String seed = "784-400-(20x256)-400-784";
        List<PyTorchReference.Form> reinforce = PyTorchReference.forms(point(
                "reinforce:baseline=loo,samples=4", "784-512-256-(20x10)-256-512-784:leakyrelu(0.2)"));
        assertEquals(List.of("pytorch", "pytorch-gather"), reinforce.stream()
                .map(PyTorchReference.Form::implementation).toList());
        assertEquals(List.of("--latent", "categorical", "--n", "20", "--k", "10", "--hidden",
                "512,256", "--act", "leaky:0.2", "--estimator", "reinforce", "--samples", "4",
                "--batch", "64"), reinforce.get(0).arguments());
        assertEquals("--gather", reinforce.get(1).arguments().get(
                reinforce.get(1).arguments().size() - 1));
        List<PyTorchReference.Form> gumbel = PyTorchReference.forms(point("st-gumbel-softmax",
                seed));
        assertEquals(1, gumbel.size());
        assertTrue(String.join(" ", gumbel.get(0).arguments())
                .contains("--estimator st-gumbel --tau 1.0"), gumbel.toString());
        assertEquals(1, PyTorchReference.forms(point("reinforce", "784-200-(200b)-200-784"))
                .size(), "no gather for Bernoulli units");
        List<PyTorchReference.Form> linear = PyTorchReference.forms(point("reinforce",
                "784-(20x256)-784"));
        assertEquals(2, linear.size(), "no hidden layers: --hidden 0, gather included");
        assertEquals(List.of("--latent", "categorical", "--n", "20", "--k", "256", "--hidden",
                "0", "--estimator", "reinforce", "--samples", "1", "--batch", "64"),
                linear.get(0).arguments());
        // What the script cannot reproduce: other estimators, S > 1 without leave-one-out (it
        // always subtracts it), a learned prior, an asymmetric decoder.
        for (String[] none : new String[][] {{"rebar", seed}, {"reinforce:samples=2", seed},
            {"gumbel-softmax:anneal-rate=0.1", seed},
            {"reinforce", "784-200-(200b+prior)-200-784"},
            {"reinforce", "784-400-(20x256)-200-784"}}) {
            assertEquals(List.of(), PyTorchReference.forms(point(none[0], none[1])),
                    String.join(" ", none));
        }
    }

    @Test
    void parsesInterpreterAndScriptOrTheDefaultScript(@TempDir Path dir) throws IOException {
        Map<String, String> named = Map.of(PyTorchReference.SCRIPT_VARIABLE, "/y/named.py");
        assertEquals(new PyTorchReference(Path.of("/usr/bin/python3"), Path.of("/x/ref.py")),
                PyTorchReference.parse("/usr/bin/python3:/x/ref.py", dir, named));
        var e = assertThrows(IllegalArgumentException.class,
                () -> PyTorchReference.parse("/usr/bin/python3", dir, Map.of()));
        assertTrue(e.getMessage().startsWith("--pytorch '/usr/bin/python3' names no script"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PyTorchReference.parse("/usr/bin/python3:", dir, named));
        assertEquals(Path.of("/y/named.py"),
                PyTorchReference.parse("/usr/bin/python3", dir, named).script());
        Path inRepository = dir.resolve(PyTorchReference.REPOSITORY_SCRIPT);
        Files.createDirectories(inRepository.getParent());
        Files.writeString(inRepository, "");
        assertEquals(inRepository, PyTorchReference.parse("/usr/bin/python3", dir, named)
                .script(), "the repository's script comes before the variable");
    }

    private static CostPoint point(String spec, String architecture) {
        return new CostPoint(CostAxis.BATCH, spec, spec, 64, architecture, 64);
    }
}
