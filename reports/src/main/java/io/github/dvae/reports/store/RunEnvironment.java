package io.github.dvae.reports.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where and when a run ran, recorded beside its results so a figure can be traced to a machine and
 * a commit. Strings are as the platform reports them; absent facts are empty strings.
 *
 * @param startedAt ISO-8601 instant the run started
 * @param javaVersion {@code java.version}
 * @param javaVendor {@code java.vendor}
 * @param javaVm {@code java.vm.name} and version
 * @param os name, version and architecture
 * @param cpuModel the CPU's model name (from {@code /proc/cpuinfo} on Linux)
 * @param cores processors available to the JVM
 * @param maxHeapMegabytes the JVM's maximum heap
 * @param backend the ND4J backend class
 * @param blasVendor the BLAS library ND4J calls
 * @param blasThreads threads the BLAS library was allowed per run
 * @param parallelRuns runs the sweep ran at once
 * @param variables environment variables that change numerical performance (OpenBLAS, OpenMP)
 * @param gitCommit the commit of the working directory, with {@code -dirty} if it had changes;
 *     empty if unknown
 * @param harnessVersion the runner's version
 */
public record RunEnvironment(String startedAt, String javaVersion, String javaVendor,
        String javaVm, String os, String cpuModel, int cores, long maxHeapMegabytes,
        String backend, String blasVendor, int blasThreads, int parallelRuns,
        Map<String, String> variables, String gitCommit, String harnessVersion) {

    public RunEnvironment {
        variables = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(variables));
    }
}
