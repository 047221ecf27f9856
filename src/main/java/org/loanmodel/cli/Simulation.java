package org.loanmodel.cli;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.loanmodel.client.ApiResponse;
import org.loanmodel.client.LoanApiClient;

/**
 * Sends simulated applicants to {@code /predict} at a steady rate (or as fast as {@code concurrency}
 * requests in flight allow) and, after the label delay, their real outcomes to {@code /feedback}.
 * Delayed feedback is scheduled, so it never holds up the predictions; the run ends when every
 * prediction and every scheduled feedback has its answer.
 */
final class Simulation {

    /**
     * How much traffic and how fast.
     *
     * @param count predictions to send, or 0 for no limit (then {@code duration} ends the run)
     * @param duration how long to send, or {@code null} for no limit (then {@code count} ends it)
     * @param rate predictions per second, or 0 for as fast as {@code concurrency} allows
     * @param concurrency most predictions in flight at once
     * @param labelDelay time between a decision and its feedback
     */
    record Settings(long count, Duration duration, double rate, int concurrency, Duration labelDelay) {
        Settings {
            if (count < 0) {
                throw new IllegalArgumentException("--count must be at least 1, got " + count);
            }
            if (count == 0 && duration == null) {
                throw new IllegalArgumentException("give --count or --duration");
            }
            if (duration != null && (duration.isZero() || duration.isNegative())) {
                throw new IllegalArgumentException("--duration must be positive, got " + duration);
            }
            if (!(rate >= 0 && Double.isFinite(rate))) {
                throw new IllegalArgumentException(
                        "--rate must be a number of requests per second >= 0 (0 = unlimited), got " + rate);
            }
            if (concurrency < 1) {
                throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
            }
            if (labelDelay.isNegative()) {
                throw new IllegalArgumentException("--label-delay must not be negative, got " + labelDelay);
            }
        }
    }

    private final LoanApiClient client;
    private final ApplicantStream applicants;
    private final Settings settings;
    private final SimulationTally tally = new SimulationTally();
    private final Semaphore inFlight;
    private final Outstanding outstanding = new Outstanding();
    private final AtomicLong pendingLabels = new AtomicLong();
    private volatile long startNanos;
    private volatile long sendingFinishedNanos;

    Simulation(LoanApiClient client, ApplicantStream applicants, Settings settings) {
        this.client = client;
        this.applicants = applicants;
        this.settings = settings;
        this.inFlight = new Semaphore(settings.concurrency());
    }

    /** Runs the simulation to the end and returns what happened. */
    SimulationTally run() throws InterruptedException {
        ExecutorService senders = Executors.newFixedThreadPool(settings.concurrency(), daemon("simulate-predict"));
        ExecutorService labellers = Executors.newFixedThreadPool(settings.concurrency(), daemon("simulate-feedback"));
        ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(daemon("simulate-label-delay"));
        try {
            startNanos = System.nanoTime();
            dispatch(senders, new Labels(labellers, delays));
            sendingFinishedNanos = System.nanoTime();
            inFlight.acquire(settings.concurrency());
            tally.predictionsFinished(System.nanoTime() - startNanos);
            outstanding.awaitNone();
            return tally;
        } finally {
            delays.shutdownNow();
            labellers.shutdownNow();
            senders.shutdownNow();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicLong number = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Where feedback goes: sent by {@code senders}, after the label delay on {@code delays}. */
    private record Labels(ExecutorService senders, ScheduledExecutorService delays) {}

    private void dispatch(ExecutorService senders, Labels labels) throws InterruptedException {
        long period = settings.rate() > 0 ? Math.round(1e9 / settings.rate()) : 0;
        long end = settings.duration() == null
                ? Long.MAX_VALUE
                : settings.duration().toNanos();
        for (long i = 0; settings.count() == 0 || i < settings.count(); i++) {
            if (period > 0) {
                waitUntil(startNanos + i * period);
            }
            if (System.nanoTime() - startNanos >= end) {
                return;
            }
            inFlight.acquire();
            ApplicantStream.Applicant applicant = applicants.next();
            outstanding.add();
            tally.predictionSent();
            senders.execute(() -> {
                try {
                    decide(applicant, labels);
                } finally {
                    inFlight.release();
                    outstanding.done();
                }
            });
        }
    }

    /** Paces the sender; sleeping here is the point, it sets the request rate. */
    private static void waitUntil(long deadline) throws InterruptedException {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException("simulation interrupted");
            }
        }
    }

    private void decide(ApplicantStream.Applicant applicant, Labels labels) {
        ApiResponse response;
        try {
            response = client.predict(applicant.application());
        } catch (RuntimeException e) {
            tally.predictionFailed(SimulationTally.NO_ANSWER, e.getMessage());
            return;
        }
        tally.predictionAnswered(response.nanos());
        if (response.status() != 200) {
            tally.predictionFailed(Integer.toString(response.status()), response.excerpt());
            return;
        }
        String predictionId;
        try {
            predictionId = response.json().path("prediction_id").asText();
        } catch (RuntimeException e) {
            tally.predictionFailed("not JSON", e.getMessage());
            return;
        }
        tally.predictionOk();
        scheduleFeedback(predictionId, applicant.outcome(), labels);
    }

    private void scheduleFeedback(String predictionId, int outcome, Labels labels) {
        outstanding.add();
        Runnable send = () -> labels.senders().execute(() -> {
            try {
                sendFeedback(predictionId, outcome);
            } finally {
                outstanding.done();
            }
        });
        if (settings.labelDelay().isZero()) {
            send.run();
            return;
        }
        pendingLabels.incrementAndGet();
        labels.delays()
                .schedule(
                        () -> {
                            pendingLabels.decrementAndGet();
                            send.run();
                        },
                        settings.labelDelay().toNanos(),
                        TimeUnit.NANOSECONDS);
    }

    private void sendFeedback(String predictionId, int outcome) {
        tally.feedbackSent();
        ApiResponse response;
        try {
            response = client.feedback(predictionId, outcome);
        } catch (RuntimeException e) {
            tally.feedbackFailed(SimulationTally.NO_ANSWER, e.getMessage());
            return;
        }
        if (response.status() != 200) {
            tally.feedbackFailed(Integer.toString(response.status()), response.excerpt());
            return;
        }
        try {
            tally.feedbackOk(response.json().path("correct").asBoolean(false));
        } catch (RuntimeException e) {
            tally.feedbackFailed("not JSON", e.getMessage());
        }
    }

    /** Where the run stands, for the progress bar. */
    ProgressBar.Status status() {
        long elapsed = startNanos == 0 ? 0 : System.nanoTime() - startNanos;
        long sent = tally.predictionsSent();
        double bySent = settings.count() > 0 ? (double) sent / settings.count() : 0;
        double byTime = settings.duration() == null
                ? 0
                : (double) elapsed / settings.duration().toNanos();
        long finished = sendingFinishedNanos;
        String text = finished == 0
                ? String.format(
                        java.util.Locale.ROOT,
                        "%d sent, %d ok, %d failed, %.0f/s",
                        sent,
                        tally.predictionsOk(),
                        tally.failures(),
                        elapsed > 0 ? sent / (elapsed / 1e9) : 0.0)
                : String.format(
                        "%d sent, %d ok, %d failed, waiting for %d delayed labels",
                        sent, tally.predictionsOk(), tally.failures(), pendingLabels.get());
        return new ProgressBar.Status(Math.max(bySent, byTime), text);
    }

    /** Counts work still in flight: predictions, scheduled feedback, feedback awaiting its answer. */
    private static final class Outstanding {
        private long count;

        synchronized void add() {
            count++;
        }

        synchronized void done() {
            if (--count == 0) {
                notifyAll();
            }
        }

        synchronized void awaitNone() throws InterruptedException {
            while (count > 0) {
                wait();
            }
        }
    }
}
