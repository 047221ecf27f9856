package org.loanmodel.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.loanmodel.api.JsonCodec;
import org.loanmodel.client.LoanApiClient;
import org.loanmodel.model.LoanApplication;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Decoding and validating one {@code POST /predict} body into a {@link LoanApplication}. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JsonCodecBenchmark {
    private byte[][] bodies;
    private int next;

    @Setup
    public void encode() {
        LoanApplication[] rows = Applicants.draw(2);
        bodies = new byte[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            bodies[i] = LoanApiClient.applicationJson(rows[i]).getBytes(StandardCharsets.UTF_8);
        }
    }

    @Benchmark
    public LoanApplication readApplication() {
        return JsonCodec.readApplication(bodies[next++ & (Applicants.COUNT - 1)]);
    }
}
