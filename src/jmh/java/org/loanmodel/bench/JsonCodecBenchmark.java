package org.loanmodel.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.loanmodel.api.JsonCodec;
import org.loanmodel.client.LoanApiClient;
import org.loanmodel.model.Decision;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.training.LoanDataGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JSON work of one {@code POST /predict}: decoding and validating the body into a
 * {@link LoanApplication}, and writing the answer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JsonCodecBenchmark {
    private static final JsonCodec CODEC = new JsonCodec(LoanDataGenerator.SCHEMA);
    private static final String ID = "01a21af1-5214-79d6-8e38-fbe89777e62a";

    private byte[][] bodies;
    private java.util.List<java.util.List<org.loanmodel.model.Reason>> reasons;
    private LoanApplication[] applications;
    private int next;

    @Setup
    public void encode() {
        LoanApplication[] rows = Applicants.draw(2);
        applications = rows;
        bodies = new byte[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            bodies[i] = LoanApiClient.applicationJson(rows[i]).getBytes(StandardCharsets.UTF_8);
        }
        // The shipped model's reasons for each applicant, as if every one were denied.
        org.loanmodel.model.LoanModel model = org.loanmodel.model.ModelArtifact.loadDefault();
        org.loanmodel.service.DecisionExplainers.Scorer scorer =
                new org.loanmodel.service.DecisionExplainers().scorer(model);
        reasons = new java.util.ArrayList<>();
        for (LoanApplication row : rows) {
            scorer.probability(row);
            reasons.add(scorer.denial(0).reasons());
        }
    }

    @Benchmark
    public LoanApplication readApplication() {
        return CODEC.readApplication(bodies[next++ & (Applicants.COUNT - 1)]);
    }

    @Benchmark
    public byte[] writeDecision() {
        int i = next++ & (Applicants.COUNT - 1);
        Decision decision = new Decision(ID, 1_764_201_600_000L + i, "976a5d31a81b", (i & 15) / 16.0 + 0.01, i & 1);
        return CODEC.writeDecision(decision, applications[i]);
    }

    /** A denial's answer with its reasons (up to four: code, feature, text, contribution). */
    @Benchmark
    public byte[] writeDenial() {
        int i = next++ & (Applicants.COUNT - 1);
        Decision decision = new Decision(ID, 1_764_201_600_000L + i, "976a5d31a81b", 0.25, 0, reasons.get(i));
        return CODEC.writeDecision(decision, applications[i]);
    }
}
