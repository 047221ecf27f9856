package org.loanmodel.status;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link TrafficSampler} once a second on one daemon thread of its own, off the event loops,
 * from {@link #start} until {@link #close}. Tests call {@link TrafficSampler#sample()} directly
 * instead, with a clock they step.
 */
public final class SamplerThread implements AutoCloseable {
    private final ScheduledExecutorService executor;

    private SamplerThread(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /**
     * Takes the first sample (the baseline) before returning, so that every request the server
     * answers afterwards is counted, then one every second.
     */
    public static SamplerThread start(TrafficSampler sampler) {
        sampler.sample();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "status-sampler");
            thread.setDaemon(true);
            return thread;
        });
        // The sampler catches and counts its own failures, so the schedule never dies of one.
        executor.scheduleAtFixedRate(sampler::sample, 1, 1, TimeUnit.SECONDS);
        return new SamplerThread(executor);
    }

    /** Stops sampling; a sample under way finishes. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
