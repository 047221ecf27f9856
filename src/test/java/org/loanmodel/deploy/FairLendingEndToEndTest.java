package org.loanmodel.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.ledger.CommitMode;
import org.loanmodel.ledger.LedgerSettings;
import org.loanmodel.testing.Await;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Tools;

/**
 * Fair-lending monitoring on a real Prometheus running the shipped rules against two replicas:
 * traffic skewed by age band and by the monitoring attribute {@code applicant_group} gives adverse
 * impact ratios equal to those of the answered decisions, and {@code LoanModelAdverseImpact} fires
 * for the disadvantaged groups only once every group compared has its 100 decisions in the hour.
 *
 * <p>Each group's decisions all come from one replica (younger and older applicants, group b, to
 * A; the others to B): the rate of a group's approvals and of its decisions then carry the same
 * extrapolation factor, so the ratios are exact, while each segment's groups span both replicas.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FairLendingEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ALERT = "LoanModelAdverseImpact";

    private final List<RunningServer> servers = new ArrayList<>();
    /** Decisions answered, by segment and group: {@code age_band/18-24} to {approved, total}. */
    private final Map<String, int[]> answered = new TreeMap<>();

    private RunningServer a;
    private RunningServer b;
    private PrometheusServer prometheus;

    /**
     * Applicants of one kind: their age, their group, whether their income gets them approved (the
     * shipped model approves incomes over 30,000 at this credit score and amount), and the replica.
     */
    private record Applicants(int age, String group, boolean approvable, boolean onA) {}

    @BeforeAll
    void startTwoReplicasAndPrometheus(@TempDir Path folder) throws IOException {
        Path binary = Tools.require("prometheus", "apt-get install prometheus");
        LedgerSettings shared = LedgerSettings.defaults(
                        folder.resolve("predictions.db").toString())
                .withCommitMode(CommitMode.SYNC);
        a = start(shared);
        b = start(shared);
        Path prometheusFolder = Files.createDirectories(folder.resolve("prometheus"));
        prometheus = PrometheusServer.start(
                binary,
                prometheusFolder,
                FastRules.config(
                        prometheusFolder,
                        List.of(a.server().metricsPort(), b.server().metricsPort())),
                Duration.ofSeconds(30));
        // The first sample of every counter must be 0, taken before any traffic.
        Await.value(
                WAIT,
                "a first scrape of both replicas",
                () -> prometheus.value("count(up{app=\"loan-model-api\"} == 1)"),
                count -> count == 2);
    }

    private RunningServer start(LedgerSettings ledger) {
        RunningServer server =
                RunningServer.start(ServeSettings.ephemeral(ledger.location()).withLedger(ledger), Clock.systemUTC());
        servers.add(server);
        return server;
    }

    @AfterAll
    void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        servers.forEach(RunningServer::close);
    }

    /** Mixes of applicants: a fraction of each approvable, the rest not, in one pass. */
    private void send(Applicants kind, int approvable, int deniable) {
        for (int i = 0; i < approvable + deniable; i++) {
            boolean approve = i < approvable;
            String body = "{\"age\": " + kind.age() + ", \"income\": " + (approve ? 75000 : 25000)
                    + ", \"loan_amount\": 25000, \"loan_term\": 36, \"credit_score\": 720, \"employment_status\": 1,"
                    + " \"loan_purpose\": 1, \"monitoring\": {\"applicant_group\": \"" + kind.group() + "\"}}";
            HttpResponse<String> response = (kind.onA() ? a : b).api().postJson("/predict", body);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            int approval = Json.body(response).get("approval_status").asInt();
            count("age_band/" + ageBand(kind.age()), approval);
            count(
                    "applicant_group/" + (List.of("a", "b", "c").contains(kind.group()) ? kind.group() : "other"),
                    approval);
        }
    }

    private static String ageBand(int age) {
        return age < 25 ? "18-24" : age < 62 ? "25-61" : "62+";
    }

    private void count(String group, int approval) {
        int[] counts = answered.computeIfAbsent(group, g -> new int[2]);
        counts[0] += approval;
        counts[1]++;
    }

    /**
     * The adverse impact ratio of each group with at least 100 decisions, computed from the answers:
     * its approval rate over the highest such rate of its segment.
     */
    private Map<String, Double> expectedRatios() {
        Map<String, Double> best = new TreeMap<>();
        answered.forEach((group, counts) -> {
            if (counts[1] >= 100) {
                best.merge(group.split("/")[0], (double) counts[0] / counts[1], Math::max);
            }
        });
        Map<String, Double> ratios = new TreeMap<>();
        answered.forEach((group, counts) -> {
            if (counts[1] >= 100) {
                ratios.put(group, ((double) counts[0] / counts[1]) / best.get(group.split("/")[0]));
            }
        });
        return ratios;
    }

    private Map<String, Double> recordedRatios() {
        Map<String, Double> ratios = new TreeMap<>();
        for (JsonNode sample : prometheus.query("model:adverse_impact:ratio_rate1h")) {
            ratios.put(
                    sample.at("/metric/segment").asText() + "/"
                            + sample.at("/metric/group").asText(),
                    Double.parseDouble(sample.at("/value/1").asText()));
        }
        return ratios;
    }

    /** Waits until Prometheus's recorded volume of every group equals what was answered. */
    private void awaitScraped() {
        for (Map.Entry<String, int[]> group : answered.entrySet()) {
            String[] parts = group.getKey().split("/");
            String query =
                    "sum(model_segment_decisions_total{segment=\"" + parts[0] + "\",group=\"" + parts[1] + "\"})";
            Await.value(
                    WAIT,
                    query + " = " + group.getValue()[1],
                    () -> prometheus.value(query),
                    value -> value == group.getValue()[1]);
        }
        // Any evaluation that starts from now on reads those samples.
        Instant scraped = Instant.now();
        for (String group : List.of("loan-model-api.fairness", "loan-model-api.fairness-alerts")) {
            Await.until(
                    group + " evaluated after " + scraped,
                    WAIT,
                    () -> prometheus.lastEvaluation(group).isAfter(scraped));
        }
    }

    private List<String> alerting(String state) {
        List<String> groups = new ArrayList<>();
        for (JsonNode alert : prometheus.alerts()) {
            if (alert.at("/labels/alertname").asText().equals(ALERT)
                    && alert.get("state").asText().equals(state)) {
                groups.add(alert.at("/labels/segment").asText() + "/"
                        + alert.at("/labels/group").asText());
            }
        }
        return groups;
    }

    /**
     * At most 45 decisions a group: with only a few scrapes in the window, rate() and increase()
     * extrapolate a counter to the end of the window by up to 1.1 scrape intervals beyond its
     * samples, so a count can read up to 2.1 times its value; 45 stays below 100 even so.
     */
    @Test
    @Order(1)
    void belowOneHundredDecisionsAGroupHasNoRatioAndNoAlert() {
        send(new Applicants(22, "b", true, true), 7, 13);
        send(new Applicants(70, "b", true, true), 12, 8);
        send(new Applicants(40, "a", true, false), 15, 4);
        send(new Applicants(33, "c", true, false), 13, 6);
        send(new Applicants(45, "zz", true, false), 3, 2);

        awaitScraped();

        assertThat(answered.values()).allSatisfy(counts -> assertThat(counts[1]).isLessThanOrEqualTo(45));
        assertThat(recordedRatios()).isEmpty();
        assertThat(prometheus.query("ALERTS{alertname=\"" + ALERT + "\"}")).isEmpty();
    }

    @Test
    @Order(2)
    void adverseImpactRatioIsExactlyThatOfTheAnsweredDecisionsOnceEveryGroupHasItsVolume() {
        send(new Applicants(23, "b", true, true), 40, 60);
        send(new Applicants(64, "b", true, true), 58, 32);
        send(new Applicants(50, "a", true, false), 73, 18);
        send(new Applicants(29, "c", true, false), 64, 27);

        awaitScraped();
        Map<String, Double> expected = expectedRatios();

        assertThat(expected)
                .containsOnlyKeys(
                        "age_band/18-24",
                        "age_band/25-61",
                        "age_band/62+",
                        "applicant_group/a",
                        "applicant_group/b",
                        "applicant_group/c");
        Map<String, Double> recorded = Await.value(
                WAIT,
                "the ratios of " + expected.keySet(),
                this::recordedRatios,
                ratios -> ratios.keySet().equals(expected.keySet()));
        expected.forEach(
                (group, ratio) -> assertThat(recorded.get(group)).as(group).isCloseTo(ratio, offset(1e-9)));
    }

    @Test
    @Order(3)
    void alertFiresForEveryGroupApprovedAtUnderFourFifthsOfTheBestRate() {
        List<String> expected = new ArrayList<>();
        expectedRatios().forEach((group, ratio) -> {
            if (ratio < 0.8) {
                expected.add(group);
            }
        });
        assertThat(expected).containsExactly("age_band/18-24", "applicant_group/b");

        List<String> firing = Await.value(
                WAIT,
                ALERT + " firing for " + expected,
                () -> alerting("firing"),
                list -> list.size() == expected.size());

        assertThat(new TreeSet<>(firing)).containsExactlyElementsOf(expected);
    }
}
