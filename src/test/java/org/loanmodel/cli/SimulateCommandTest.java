package org.loanmodel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.client.ServedModel;
import org.loanmodel.model.Bins;
import org.loanmodel.model.LoanModel;
import org.loanmodel.simulate.Applicant;
import org.loanmodel.simulate.ApplicantStream;
import org.loanmodel.simulate.SimulationSettings;
import org.loanmodel.simulate.TrafficScenario;
import org.loanmodel.testing.Ports;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Scrape;

class SimulateCommandTest {
    private static final long SEED = 7;

    @TempDir
    Path folder;

    @Test
    void summaryCountsEveryPredictionAndFeedbackExactly() {
        try (RunningServer server = RunningServer.start(folder)) {
            CommandRun run = simulate(server, "none", 300, "--label-delay", "0s");

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.line("predictions ")).isEqualTo("predictions  300 sent, 300 answered 200, 0 failed");
            assertThat(run.line("feedback ")).isEqualTo("feedback     300 sent, 300 answered 200, 0 failed");
            assertThat(run.line("accuracy "))
                    .isEqualTo(expectedAccuracy(server.server().model(), "none", 300));
            assertThat(run.line("latency "))
                    .matches("latency      mean \\S+ ms, p50 \\S+ ms, p99 \\S+ ms, max \\S+ ms"
                            + " \\(client side, /predict\\)");
            assertThat(run.err()).as("no progress bar when not on a terminal").isEmpty();
            Scrape scrape = server.scrape();
            assertThat(scrape.value("model_requests_total")).isEqualTo(300.0);
            assertThat(scrape.value("model_success_total")).isEqualTo(300.0);
            assertThat(sumOf(scrape, "model_feedback_total{")).isEqualTo(300.0);
        }
    }

    @Test
    void incomeShiftMovesIncomeDriftWhileAgeStaysPut() {
        try (RunningServer server = RunningServer.start(folder)) {
            LoanModel model = server.server().model();
            Scrape before = server.scrape();

            CommandRun run = simulate(server, "income-shift", 400);

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            Scrape after = server.scrape();
            assertThat(after.value("model_drift_psi{feature=\"income\"}")).isGreaterThan(0.25);
            assertThat(after.value("model_drift_psi{feature=\"age\"}")).isLessThan(0.1);
            Bins income = model.metadata().reference().features().get(1);
            long[] expected = expectedBins(model, income, TrafficScenario.INCOME_SHIFT, 400);
            for (int bin = 0; bin < income.count(); bin++) {
                String sample = "model_drift_observations_total{bin=\"" + bin + "\",feature=\"income\"}";
                assertThat(after.value(sample) - before.value(sample))
                        .as(sample)
                        .isEqualTo((double) expected[bin]);
            }
            assertThat(expected[income.count() - 1]).isGreaterThan(380);
        }
    }

    @Test
    void conceptDriftLowersObservedAccuracyWithoutMovingInputs() {
        try (RunningServer server = RunningServer.start(folder)) {
            CommandRun run = simulate(server, "concept-drift", 300);

            String accuracy = expectedAccuracy(server.server().model(), "concept-drift", 300);
            assertThat(run.line("accuracy ")).isEqualTo(accuracy);
            assertThat(Double.parseDouble(accuracy.split("\\s+")[1])).isLessThan(0.9);
            Scrape scrape = server.scrape();
            assertThat(scrape.value("model_drift_psi{feature=\"income\"}")).isLessThan(0.1);
            assertThat(scrape.value("model_drift_psi{feature=\"credit_score\"}"))
                    .isLessThan(0.1);
        }
    }

    @Test
    void delayedFeedbackArrivesNoSoonerThanTheLabelDelay() {
        try (RunningServer server = RunningServer.start(folder)) {
            CommandRun run = simulate(server, "none", 40, "--label-delay", "1s", "--progress", "always");

            assertThat(run.line("feedback ")).isEqualTo("feedback     40 sent, 40 answered 200, 0 failed");
            String finalBar = run.err().substring(run.err().lastIndexOf('\r') + 1);
            assertThat(finalBar).endsWith("\n");
            // Trailing spaces erase the end of a longer earlier line.
            assertThat(finalBar.strip())
                    .isEqualTo("[##############################] 100%  40 sent, 40 ok, 0 failed,"
                            + " waiting for 0 delayed labels");
            Scrape scrape = server.scrape();
            assertThat(scrape.value("model_label_delay_seconds_count")).isEqualTo(40.0);
            assertThat(scrape.value("model_label_delay_seconds_sum")).isGreaterThanOrEqualTo(40.0);
        }
    }

    @Test
    void refusesToStartWhenTheApiIsUnreachable() {
        String down = "http://127.0.0.1:" + Ports.free();

        CommandRun run = CommandRun.of("simulate", "--url", down, "--count", "5");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: API endpoint " + down + "/health unreachable: connection refused\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void rejectsAnUnknownScenarioNamingTheChoices() {
        CommandRun run = CommandRun.of("simulate", "--scenario", "wage-shift");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst())
                .hasValue("Invalid value for option '--scenario': scenario must be one of"
                        + " none|income-shift|credit-shift|concept-drift, got 'wage-shift'");
    }

    @Test
    void rejectsNoiseAboveOneHalf() {
        CommandRun run = CommandRun.of("simulate", "--noise", "0.7", "--url", "http://127.0.0.1:" + Ports.free());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).hasValue("--noise must be between 0 and 0.5, got 0.7");
    }

    private static CommandRun simulate(RunningServer server, String scenario, int count, String... more) {
        String[] base = {
            "simulate",
            "--url",
            "http://127.0.0.1:" + server.server().apiPort(),
            "--scenario",
            scenario,
            "--count",
            Integer.toString(count),
            "--rate",
            "0",
            "--concurrency",
            "8",
            "--seed",
            Long.toString(SEED)
        };
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CommandRun.of(args);
    }

    /** The accuracy line the summary must print: the same applicants scored by the same model here. */
    private static String expectedAccuracy(LoanModel model, String scenario, int count) {
        ApplicantStream stream = stream(model, TrafficScenario.named(scenario));
        int correct = 0;
        for (int i = 0; i < count; i++) {
            Applicant applicant = stream.next();
            double probability = model.probability(applicant.application());
            correct += model.approval(probability) == applicant.outcome(probability) ? 1 : 0;
        }
        return String.format(
                Locale.ROOT,
                "accuracy     %.4f observed (%d of %d labelled decisions correct)",
                (double) correct / count,
                correct,
                count);
    }

    /** The applicants the command sends: the same model, scenario and seed. */
    private static ApplicantStream stream(LoanModel model, TrafficScenario scenario) {
        ServedModel served = new ServedModel(
                model.version(), model.schema(), model.metadata().reference());
        return ApplicantStream.forModel(
                served,
                SimulationSettings.builder().scenario(scenario).seed(SEED).build());
    }

    private static long[] expectedBins(LoanModel model, Bins bins, TrafficScenario scenario, int count) {
        ApplicantStream stream = stream(model, scenario);
        long[] counts = new long[bins.count()];
        for (int i = 0; i < count; i++) {
            counts[bins.binOf(stream.next().application().value("income"))]++;
        }
        return counts;
    }

    private static double sumOf(Scrape scrape, String prefix) {
        return scrape.samples().entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .mapToDouble(java.util.Map.Entry::getValue)
                .sum();
    }
}
