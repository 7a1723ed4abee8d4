package io.github.dvae.experiments;

import io.github.dvae.core.tensor.OpenBlasThreads;
import io.github.dvae.core.tensor.VectorApiHint;
import io.github.dvae.experiments.cli.DvaeCommand;
import java.io.PrintWriter;

/**
 * The entry point of {@code mvn -pl experiments exec:java} and {@code java -jar dvae.jar}: runs
 * the command line and ends the JVM with its exit code (0 done, 1 a run failed, 2 a bad value).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Before ND4J or AWT load: quiet ND4J's start-up banner; draw charts without a display.
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("java.awt.headless", "true");
        OpenBlasThreads.configure();
        // A jar's manifest cannot add the module: `java -jar dvae.jar` users learn the flag here.
        VectorApiHint.printIfAbsent("dvae", System.err);
        // PNGs encoded in memory: ImageIO's file cache registers a shutdown hook per stream,
        // which fails while Ctrl-C's report is written during shutdown.
        javax.imageio.ImageIO.setUseCache(false);
        boolean terminal = System.console() != null;
        int code = DvaeCommand.execute(args, terminal, new PrintWriter(System.out, true),
                new PrintWriter(System.err, true));
        // exit(), not return: ND4J's native threads would otherwise keep exec:java's JVM alive,
        // and a non-zero code must reach the shell.
        System.exit(code);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
