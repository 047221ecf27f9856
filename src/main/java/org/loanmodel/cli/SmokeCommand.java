package org.loanmodel.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import org.loanmodel.client.LoanApiClient;
import org.loanmodel.config.DurationParser;
import org.loanmodel.smoke.SmokeChecks;
import org.loanmodel.smoke.SmokeReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code smoke}: checks a running service end to end the way the original system's test script did
 * (health, a valid prediction, invalid inputs answered 400 with the JSON error shape, feedback) and
 * that every documented metric is exposed and moves; the requests follow the schema the service
 * serves ({@code GET /model}). Prints one line per check and exits 0 when all pass, 1 otherwise.
 * Works through {@code kubectl port-forward} (plain HTTP/1.1 to localhost).
 *
 * <p>Example: {@code java -jar target/loan-model-api.jar smoke --url http://localhost:5000}
 * (metrics are read from the same host on port 8001 unless {@code --metrics-url} says otherwise).
 */
@Command(
        name = "smoke",
        description = "Check a running service: health, predictions, input errors, feedback and metrics.",
        mixinStandardHelpOptions = true)
public final class SmokeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--url",
            description = "API base URL (default ${DEFAULT-VALUE})",
            defaultValue = LoanApiClient.DEFAULT_API_URL)
    String url;

    @Option(names = "--metrics-url", description = "metrics URL (default: the API's host, port 8001, path /metrics)")
    String metricsUrl;

    @Option(
            names = "--timeout",
            description = "longest wait for a connection or an answer, e.g. 5s, 500ms (default ${DEFAULT-VALUE})",
            defaultValue = "5s")
    String timeout;

    @Override
    public Integer call() {
        LoanApiClient client = client();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("smoke test of %s (metrics %s)%n", client.apiUrl(), client.metricsUrl());
        SmokeReport report = new SmokeChecks(client).run();
        report.lines().forEach(out::println);
        out.println(report.verdict());
        out.flush();
        return report.passed() ? 0 : 1;
    }

    private LoanApiClient client() {
        try {
            URI api = LoanApiClient.parseUrl(url, "--url");
            URI metrics = metricsUrl == null
                    ? LoanApiClient.defaultMetricsUrl(api)
                    : LoanApiClient.parseUrl(metricsUrl, "--metrics-url");
            return new LoanApiClient(api, metrics, DurationParser.parsePositive(timeout, "--timeout"));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
