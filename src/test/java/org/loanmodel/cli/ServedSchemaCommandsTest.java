package org.loanmodel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.client.ServedModel;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.model.Bins;
import org.loanmodel.model.LoanModel;
import org.loanmodel.simulate.Applicant;
import org.loanmodel.simulate.ApplicantStream;
import org.loanmodel.simulate.SimulationSettings;
import org.loanmodel.testing.NineFeatures;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Scrape;

/** Smoke and simulate against a service whose model takes nine features, not the seed's seven. */
class ServedSchemaCommandsTest {
    private static final long SEED = 3;

    @TempDir
    static Path folder;

    private static RunningServer server;
    private static LoanModel model;
    private static String api;

    @BeforeAll
    static void startServerWithANineFeatureModel() {
        Path artifact = NineFeatures.saveModel(folder.resolve("nine.json"));
        ServeSettings settings =
                ServeSettings.ephemeral(folder.resolve("log.db").toString()).withModel(artifact);
        server = RunningServer.start(settings, Clock.systemUTC());
        model = server.server().model();
        api = "http://127.0.0.1:" + server.server().apiPort();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void smokeChecksTheServedFeaturesAndPasses() {
        String metrics = "http://127.0.0.1:" + server.server().metricsPort() + "/metrics";

        CommandRun run = CommandRun.of("smoke", "--url", api, "--metrics-url", metrics);

        assertThat(run.exitCode()).as(run.out()).isZero();
        List<String> lines = run.outLines();
        assertThat(lines.subList(1, lines.size() - 1).stream()
                        .map(line -> line.substring(0, 50).strip())
                        .toList())
                .containsExactly(
                        "PASS  metrics endpoint answers",
                        "PASS  health",
                        "PASS  predict a valid application",
                        "PASS  reject a missing feature",
                        "PASS  reject an out-of-range years_trading",
                        "PASS  reject a non-numeric years_trading",
                        "PASS  reject malformed JSON",
                        "PASS  feedback for that prediction",
                        "PASS  documented metrics present",
                        "PASS  model_requests_total moved",
                        "PASS  model_success_total moved",
                        "PASS  model_errors_total moved",
                        "PASS  model_prediction_latency_seconds moved",
                        "PASS  model_prediction_values moved",
                        "PASS  model_predictions_by_class_total moved",
                        "PASS  model_drift_observations_total moved",
                        "PASS  model_feedback_total moved",
                        "PASS  model_accuracy set by feedback");
        assertThat(run.line("PASS  health")).endsWith(" 200 healthy, model " + model.version() + ", 9 features");
        assertThat(run.line("PASS  reject a missing feature")).endsWith(" 400 missing_field on years_trading");
        assertThat(run.line("PASS  reject an out-of-range years_trading"))
                .endsWith(" 400 out_of_range on years_trading");
        assertThat(run.line("PASS  documented metrics present")).endsWith(" all 20 families");
        assertThat(run.line("PASS  model_drift_observations_total moved"))
                .endsWith(" +1 (smoke got 1 decision, feature years_trading)");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("smoke passed: all 18 checks passed");
    }

    @Test
    void simulateDrawsApplicantsFromTheReferenceProfile() {
        Scrape before = server.scrape();

        CommandRun run =
                CommandRun.of("simulate", "--url", api, "--count", "300", "--rate", "0", "--seed", Long.toString(SEED));

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.outLines().get(1))
                .isEqualTo("applicants from the reference profile of model " + model.version()
                        + " (9 features), outcomes drawn from its probabilities; label delay 0s, noise 0, seed 3");
        assertThat(run.line("predictions ")).isEqualTo("predictions  300 sent, 300 answered 200, 0 failed");
        assertThat(run.line("feedback ")).isEqualTo("feedback     300 sent, 300 answered 200, 0 failed");
        List<Applicant> sent = applicants(300);
        assertThat(run.line("accuracy ")).isEqualTo(expectedAccuracy(sent));
        Scrape after = server.scrape();
        Bins sector = model.metadata().reference().features().get(NineFeatures.SCHEMA.indexOf("sector"));
        long[] expected = new long[sector.count()];
        sent.forEach(a -> expected[sector.binOf(a.application().value("sector"))]++);
        for (int bin = 0; bin < sector.count(); bin++) {
            String sample = "model_drift_observations_total{bin=\"" + bin + "\",feature=\"sector\"}";
            assertThat(after.value(sample) - before.value(sample)).as(sample).isEqualTo((double) expected[bin]);
        }
    }

    @Test
    void simulateRefusesAScenarioOfTheSeedFeatures() {
        CommandRun run = CommandRun.of("simulate", "--url", api, "--scenario", "income-shift", "--count", "5");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("error: --scenario income-shift needs the original seven-feature loan schema, but the"
                        + " served model takes " + NineFeatures.SCHEMA.names() + "; use --scenario none\n");
        assertThat(run.out()).isEmpty();
    }

    /** The applicants simulate sends with this seed. */
    private static List<Applicant> applicants(int count) {
        ServedModel served = new ServedModel(
                model.version(), model.schema(), model.metadata().reference());
        ApplicantStream stream = ApplicantStream.forModel(
                served, SimulationSettings.builder().seed(SEED).build());
        return java.util.stream.Stream.generate(stream::next).limit(count).toList();
    }

    private static String expectedAccuracy(List<Applicant> sent) {
        int correct = 0;
        for (Applicant applicant : sent) {
            double probability = model.probability(applicant.application());
            correct += model.approval(probability) == applicant.outcome(probability) ? 1 : 0;
        }
        return String.format(
                Locale.ROOT,
                "accuracy     %.4f observed (%d of %d labelled decisions correct)",
                (double) correct / sent.size(),
                correct,
                sent.size());
    }
}
