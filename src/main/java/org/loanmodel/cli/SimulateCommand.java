package org.loanmodel.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.loanmodel.client.ApiResponse;
import org.loanmodel.client.EndpointUnreachableException;
import org.loanmodel.client.LoanApiClient;
import org.loanmodel.config.DurationParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code simulate}: realistic traffic against a running service. Applicants come from the training
 * distribution, optionally shifted by a scenario; each decision's real outcome (the approval rule,
 * or a changed rule under concept drift, flipped with probability {@code --noise}) is sent as
 * feedback after {@code --label-delay}. Ends with a summary: requests sent, failures by status,
 * feedback sent, the accuracy the service reported for that feedback, client latency.
 *
 * <p>Example: {@code java -jar target/loan-model-api.jar simulate --url http://localhost:5000
 * --scenario income-shift --rate 100 --duration 2m --label-delay 5s}
 */
@Command(
        name = "simulate",
        description = "Send realistic traffic with delayed ground truth; optionally shift inputs or outcomes.",
        mixinStandardHelpOptions = true)
public final class SimulateCommand implements Callable<Integer> {
    private static final long DEFAULT_COUNT = 1000;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--url",
            description = "API base URL (default ${DEFAULT-VALUE})",
            defaultValue = "http://localhost:5000")
    String url;

    @Option(
            names = "--scenario",
            description = "none | income-shift | credit-shift | concept-drift (default ${DEFAULT-VALUE})",
            defaultValue = "none",
            converter = TrafficScenario.Converter.class)
    TrafficScenario scenario;

    @Option(
            names = "--rate",
            description = "predictions per second, 0 = as fast as --concurrency allows (default ${DEFAULT-VALUE})",
            defaultValue = "50")
    double rate;

    @Option(
            names = "--concurrency",
            description = "most predictions in flight at once (default ${DEFAULT-VALUE})",
            defaultValue = "8")
    int concurrency;

    @Option(
            names = "--count",
            description = "predictions to send (default " + DEFAULT_COUNT + " unless --duration is given)")
    Long count;

    @Option(names = "--duration", description = "how long to send, e.g. 30s, 5m; with --count, whichever ends first")
    String duration;

    @Option(
            names = "--label-delay",
            description = "time from a decision to its feedback, e.g. 0s, 5s (default ${DEFAULT-VALUE})",
            defaultValue = "0s")
    String labelDelay;

    @Option(
            names = "--noise",
            description = "probability that a reported outcome is flipped, 0 to 0.5 (default ${DEFAULT-VALUE})",
            defaultValue = "0")
    double noise;

    @Option(names = "--seed", description = "applicant stream seed (default ${DEFAULT-VALUE})", defaultValue = "7")
    long seed;

    @Option(
            names = "--progress",
            description = "progress bar on stderr: auto (only on a terminal), always, never (default ${DEFAULT-VALUE})",
            defaultValue = "auto")
    String progress;

    @Option(
            names = "--timeout",
            description = "longest wait for a connection or an answer (default ${DEFAULT-VALUE})",
            defaultValue = "10s")
    String timeout;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Simulation.Settings settings;
        LoanApiClient client;
        ApplicantStream applicants;
        boolean showProgress;
        try {
            settings = settings();
            URI api = LoanApiClient.parseUrl(url, "--url");
            client = new LoanApiClient(
                    api, LoanApiClient.defaultMetricsUrl(api), DurationParser.parsePositive(timeout, "--timeout"));
            applicants = new ApplicantStream(scenario, seed, noise);
            showProgress = ProgressBar.wanted(progress);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        String unhealthy = healthProblem(client);
        if (unhealthy != null) {
            err.println("error: " + unhealthy);
            err.flush();
            return 1;
        }
        out.println(describe(settings, client));
        out.flush();
        SimulationTally tally = run(new Simulation(client, applicants, settings), showProgress, err);
        tally.summary().forEach(out::println);
        out.flush();
        return tally.failures() == 0 ? 0 : 1;
    }

    private static SimulationTally run(Simulation simulation, boolean showProgress, PrintWriter err)
            throws InterruptedException {
        if (!showProgress) {
            return simulation.run();
        }
        ProgressBar bar = ProgressBar.start(err, simulation::status);
        try {
            return simulation.run();
        } finally {
            bar.close();
        }
    }

    private Simulation.Settings settings() {
        Duration limit = duration == null ? null : DurationParser.parsePositive(duration, "--duration");
        long predictions = count != null ? count : duration == null ? DEFAULT_COUNT : 0;
        if (count != null && count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, got " + count);
        }
        return new Simulation.Settings(predictions, limit, rate, concurrency, DurationParser.parse(labelDelay));
    }

    /** Why not to simulate against this service, or null when it is healthy. */
    private static String healthProblem(LoanApiClient client) {
        try {
            ApiResponse health = client.health();
            return health.status() == 200
                    ? null
                    : client.apiUrl() + "/health answered " + health.status() + " " + health.excerpt()
                            + "; not simulating against an unhealthy service";
        } catch (EndpointUnreachableException e) {
            return e.getMessage();
        }
    }

    private String describe(Simulation.Settings settings, LoanApiClient client) {
        String limit = settings.count() == 0
                ? duration + " of traffic"
                : settings.count() + " predictions" + (settings.duration() == null ? "" : " or " + duration);
        String pace = settings.rate() > 0 ? "at " + trim(settings.rate()) + "/s" : "as fast as possible";
        return String.format(
                Locale.ROOT,
                "simulating %s %s (concurrency %d) against %s%n" + "scenario %s: %s; label delay %s, noise %s, seed %d",
                limit,
                pace,
                settings.concurrency(),
                client.apiUrl(),
                scenario.cliName(),
                scenario.description(),
                labelDelay,
                trim(noise),
                seed);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
