package org.loanmodel.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.loanmodel.codec.ApplicationCodec;
import org.loanmodel.model.Bins;
import org.loanmodel.model.FeatureKind;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.segments.Segments;
import org.loanmodel.testing.NineFeatures;

/** The rehearsal's requests are valid requests of the served schema that exercise both answers. */
class WarmUpRequestsTest {
    private record Parsed(String head, int bodyLength, LoanApplication application, Map<String, String> monitoring) {}

    private static Parsed parse(LoanModel model, byte[] request) {
        String text = new String(request, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        byte[] body = text.substring(end + 4).getBytes(StandardCharsets.UTF_8);
        Map<String, String> monitoring = new TreeMap<>();
        LoanApplication application = new ApplicationCodec(model.schema()).read(body, (name, parser) -> {
            assertThat(name).isEqualTo("monitoring");
            parser.nextToken();
            while (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.END_OBJECT) {
                String attribute = parser.currentName();
                monitoring.put(attribute, parser.nextTextValue());
            }
        });
        return new Parsed(text.substring(0, end), body.length, application, monitoring);
    }

    private static List<Parsed> parsed(LoanModel model, Segments segments) {
        List<Parsed> all = new ArrayList<>();
        for (byte[] request : WarmUpRequests.of(model, segments, 1, 5000)) {
            all.add(parse(model, request));
        }
        return all;
    }

    @Test
    void theShippedModelGetsValidApplicationsBothApprovedAndDeniedHalfWithMonitoringAttributes() {
        LoanModel model = ModelArtifact.loadDefault();
        List<Parsed> requests = parsed(model, Segments.builtIn(model.schema()));
        assertThat(requests).hasSize(WarmUpRequests.COUNT);
        assertThat(requests)
                .allSatisfy(r -> assertThat(r.head())
                        .isEqualTo(
                                "POST /predict HTTP/1.1\r\nHost: 127.0.0.1:5000\r\nContent-Type: application/json\r\n"
                                        + "Content-Length: " + r.bodyLength()));
        long approved = requests.stream()
                .filter(r -> model.approval(model.probability(r.application())) == 1)
                .count();
        assertThat(approved).isBetween(1L, WarmUpRequests.COUNT - 1L);
        assertThat(requests.stream().filter(r -> !r.monitoring().isEmpty()).count())
                .isEqualTo(WarmUpRequests.COUNT / 2);
        assertThat(requests.stream()
                        .flatMap(r -> r.monitoring().values().stream())
                        .distinct())
                .containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void anotherSchemaGetsItsOwnFeaturesAndSometimesLeavesTheOptionalOneOut() {
        LoanModel model = NineFeatures.model();
        List<Parsed> requests = parsed(model, Segments.none());
        assertThat(requests).hasSize(WarmUpRequests.COUNT);
        int collateral = model.schema().indexOf("collateral");
        long absent = requests.stream()
                .filter(r -> !r.application().present(collateral))
                .count();
        assertThat(absent).isEqualTo(WarmUpRequests.COUNT / 8);
        assertThat(requests).allSatisfy(r -> assertThat(r.monitoring()).isEmpty());
        assertThat(requests.stream().map(r -> r.application().value("sector")).distinct())
                .containsExactlyInAnyOrder(0.0, 1.0, 2.0, 3.0, 4.0);
        int revenue = model.schema().indexOf("revenue");
        assertThat(requests.stream()
                        .filter(r -> r.application().value(revenue) % 1 == 0)
                        .count())
                .as("whole amounts in every other row, cents in the rest")
                .isBetween((long) WarmUpRequests.COUNT / 2, (long) WarmUpRequests.COUNT / 2 + 3);
    }

    @Test
    void everyNumberOfTheShippedModelComesBelowAndAboveItsTrainingRangeWhereTheSchemaAcceptsIt() {
        LoanModel model = ModelArtifact.loadDefault();
        List<Parsed> requests = parsed(model, Segments.builtIn(model.schema()));
        Map<String, List<Long>> belowAndAbove = new TreeMap<>();
        for (int f = 0; f < model.schema().size(); f++) {
            FeatureSpec feature = model.schema().feature(f);
            Bins bins = model.metadata().reference().features().get(f);
            if (feature.kind() == FeatureKind.CATEGORY) {
                continue;
            }
            int index = f;
            long below = requests.stream()
                    .filter(r -> r.application().value(index) < bins.min())
                    .count();
            long above = requests.stream()
                    .filter(r -> r.application().value(index) > bins.max())
                    .count();
            belowAndAbove.put(feature.name(), List.of(below, above));
        }
        // Eight of the 256 below the training range and eight above it, the rows drawn from anywhere
        // adding more; credit_score was trained down to the 300 the schema accepts, so none below it.
        assertThat(belowAndAbove)
                .isEqualTo(Map.of(
                        "age", List.of(8L, 13L),
                        "credit_score", List.of(0L, 8L),
                        "income", List.of(8L, 24L),
                        "loan_amount", List.of(8L, 24L)));
    }

    @Test
    void theProbeIsALivenessCheckAddressedAsTheRequestsAre() {
        assertThat(new String(WarmUpRequests.probe(5000), StandardCharsets.US_ASCII))
                .isEqualTo("GET /health HTTP/1.1\r\nHost: 127.0.0.1:5000\r\n\r\n");
    }

    @Test
    void theSameSeedGivesTheSameRequests() {
        LoanModel model = ModelArtifact.loadDefault();
        Segments segments = Segments.builtIn(model.schema());
        assertThat(WarmUpRequests.of(model, segments, 7, 5000))
                .zipSatisfy(WarmUpRequests.of(model, segments, 7, 5000), (a, b) -> {
                    assertThat(a).isEqualTo(b);
                });
    }
}
