package io.github.dvae.benchmarks.anatomy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * One JFR sample of a thread: when, whether it was in native code, and its stack as
 * {@code fully.qualified.Type.method} names, innermost frame first.
 *
 * @param time when the sample was taken
 * @param inNative whether the thread was in a native call ({@code jdk.NativeMethodSample})
 *     rather than running Java code ({@code jdk.ExecutionSample})
 * @param frames the stack, innermost first
 * @param truncated whether JFR cut the stack (deeper than its {@code stackdepth}, 64 by default)
 */
public record ThreadSample(Instant time, boolean inNative, List<String> frames,
        boolean truncated) {

    private static final String EXECUTION = "jdk.ExecutionSample";
    private static final String NATIVE = "jdk.NativeMethodSample";

    public ThreadSample {
        frames = List.copyOf(frames);
    }

    /**
     * Runs {@code work} on the calling thread under a JFR recording that samples every
     * {@code period}, and returns the calling thread's samples in time order. A thread parked
     * (waiting on another) is not sampled.
     *
     * @throws IOException if the recording cannot be written to or read from a temporary file
     */
    public static List<ThreadSample> record(Runnable work, Duration period) throws IOException {
        long thread = Thread.currentThread().getId();
        Path file = Files.createTempFile("dvae-thread-samples", ".jfr");
        try {
            try (Recording recording = new Recording()) {
                recording.enable(EXECUTION).withPeriod(period).withStackTrace();
                recording.enable(NATIVE).withPeriod(period).withStackTrace();
                recording.start();
                work.run();
                recording.stop();
                recording.dump(file);
            }
            return of(RecordingFile.readAllEvents(file), thread);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The samples among {@code events} of the thread with Java id {@code thread}, in time order. */
    static List<ThreadSample> of(List<RecordedEvent> events, long thread) {
        List<ThreadSample> samples = new ArrayList<>();
        for (RecordedEvent e : events) {
            String type = e.getEventType().getName();
            if (!type.equals(EXECUTION) && !type.equals(NATIVE)) {
                continue;
            }
            RecordedThread sampled = e.getThread("sampledThread");
            RecordedStackTrace stack = e.getStackTrace();
            if (sampled == null || sampled.getJavaThreadId() != thread || stack == null) {
                continue;
            }
            List<String> frames = new ArrayList<>(stack.getFrames().size());
            for (RecordedFrame f : stack.getFrames()) {
                frames.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
            }
            samples.add(new ThreadSample(e.getStartTime(), type.equals(NATIVE), frames,
                    stack.isTruncated()));
        }
        samples.sort((a, b) -> a.time().compareTo(b.time()));
        return samples;
    }
}
