package org.loanmodel.simulate;

import com.fasterxml.jackson.databind.JsonNode;
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
 *
 * <p>Example: {@code new Simulation(client, ApplicantStream.forModel(client.servedModel(), settings),
 * settings).run().summary()}.
 */
public final class Simulation {

    private final LoanApiClient client;
    private final ApplicantStream applicants;
    private final SimulationSettings settings;
    private final SimulationTally tally = new SimulationTally();
    private final Semaphore inFlight;
    private final Outstanding outstanding = new Outstanding();
    private final AtomicLong pendingLabels = new AtomicLong();
    private volatile long startNanos;
    private volatile long sendingFinishedNanos;

    public Simulation(LoanApiClient client, ApplicantStream applicants, SimulationSettings settings) {
        this.client = client;
        this.applicants = applicants;
        this.settings = settings;
        this.inFlight = new Semaphore(settings.concurrency());
    }

    /** Runs the simulation to the end and returns what happened. */
    public SimulationTally run() throws InterruptedException {
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
            Applicant applicant = applicants.next();
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

    private void decide(Applicant applicant, Labels labels) {
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
        double probability;
        try {
            JsonNode body = response.json();
            predictionId = body.path("prediction_id").asText();
            probability = body.path("probability").asDouble(Double.NaN);
        } catch (RuntimeException e) {
            tally.predictionFailed("not JSON", e.getMessage());
            return;
        }
        tally.predictionOk();
        scheduleFeedback(predictionId, applicant.outcome(probability), labels);
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
    public ProgressBar.Status status() {
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
