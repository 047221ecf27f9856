package org.loanmodel.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.loanmodel.client.ApiResponse;
import org.loanmodel.client.EndpointUnreachableException;
import org.loanmodel.client.LoanApiClient;
import org.loanmodel.client.ServedModel;
import org.loanmodel.config.DurationParser;
import org.loanmodel.simulate.ApplicantStream;
import org.loanmodel.simulate.ProgressBar;
import org.loanmodel.simulate.Simulation;
import org.loanmodel.simulate.SimulationSettings;
import org.loanmodel.simulate.SimulationTally;
import org.loanmodel.simulate.TrafficScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code simulate}: realistic traffic against a running service, following the schema it serves
 * ({@code GET /model}). For the original seven features, applicants come from the training
 * distribution, optionally shifted by a scenario, and each outcome follows the approval rule (or a
 * changed rule under concept drift); for any other schema, applicants are drawn from the model's
 * reference profile and outcomes from the probability the service answers. Outcomes are flipped with
 * probability {@code --noise} and sent as feedback after {@code --label-delay}. Ends with a summary:
 * requests sent, failures by status, feedback sent, observed accuracy, client latency.
 *
 * <p>Example: {@code java -jar target/loan-model-api.jar simulate --url http://localhost:5000
 * --scenario income-shift --rate 100 --duration 2m --label-delay 5s}
 */
@Command(
        name = "simulate",
        description = "Send realistic traffic with delayed ground truth; optionally shift inputs or outcomes.",
        mixinStandardHelpOptions = true)
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--url",
            description = "API base URL (default ${DEFAULT-VALUE})",
            defaultValue = LoanApiClient.DEFAULT_API_URL)
    String url;

    @Option(
            names = "--scenario",
            description = "none | income-shift | credit-shift | concept-drift (default ${DEFAULT-VALUE});"
                    + " all but none need the original seven-feature schema",
            defaultValue = "none",
            converter = ScenarioConverter.class)
    TrafficScenario scenario;

    @Option(
            names = "--rate",
            description = "predictions per second, 0 = as fast as --concurrency allows (default ${DEFAULT-VALUE})",
            defaultValue = "" + SimulationSettings.DEFAULT_RATE)
    double rate;

    @Option(
            names = "--concurrency",
            description = "most predictions in flight at once (default ${DEFAULT-VALUE})",
            defaultValue = "" + SimulationSettings.DEFAULT_CONCURRENCY)
    int concurrency;

    @Option(
            names = "--count",
            description =
                    "predictions to send (default " + SimulationSettings.DEFAULT_COUNT + " unless --duration is given)")
    Long count;

    @Option(names = "--duration", description = "how long to send, e.g. 30s, 5m; with --count, whichever ends first")
    String duration;

    @Option(
            names = "--label-delay",
            description = "time from a decision to its feedback, e.g. 0s, 5s (default ${DEFAULT-VALUE})",
            defaultValue = SimulationSettings.DEFAULT_LABEL_DELAY)
    String labelDelay;

    @Option(
            names = "--noise",
            description = "probability that a reported outcome is flipped, 0 to 0.5 (default ${DEFAULT-VALUE})",
            defaultValue = "" + SimulationSettings.DEFAULT_NOISE)
    double noise;

    @Option(
            names = "--seed",
            description = "applicant stream seed (default ${DEFAULT-VALUE})",
            defaultValue = "" + SimulationSettings.DEFAULT_SEED)
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
        SimulationSettings settings;
        LoanApiClient client;
        boolean showProgress;
        try {
            settings = settings();
            URI api = LoanApiClient.parseUrl(url, "--url");
            client = new LoanApiClient(
                    api, LoanApiClient.defaultMetricsUrl(api), DurationParser.parsePositive(timeout, "--timeout"));
            showProgress = ProgressBar.wanted(progress);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        ServedModel served;
        try {
            served = servedModel(client);
        } catch (IllegalStateException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 1;
        }
        // A scenario the served schema cannot take is a usage error: Main prints it and exits 2.
        ApplicantStream applicants = ApplicantStream.forModel(served, settings);
        out.println(describe(settings, client, served));
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

    private SimulationSettings settings() {
        return SimulationSettings.builder()
                .count(count)
                .duration(duration == null ? null : DurationParser.parsePositive(duration, "--duration"))
                .rate(rate)
                .concurrency(concurrency)
                .labelDelay(DurationParser.parse(labelDelay))
                .noise(noise)
                .seed(seed)
                .scenario(scenario)
                .build();
    }

    /**
     * The model of a healthy service.
     *
     * @throws IllegalStateException saying why not to simulate against this service
     */
    private static ServedModel servedModel(LoanApiClient client) {
        try {
            ApiResponse health = client.health();
            if (health.status() != 200) {
                throw new IllegalStateException(client.apiUrl() + "/health answered " + health.status() + " "
                        + health.excerpt() + "; not simulating against an unhealthy service");
            }
            return client.servedModel();
        } catch (EndpointUnreachableException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private String describe(SimulationSettings settings, LoanApiClient client, ServedModel served) {
        String limit = settings.count() == 0
                ? duration + " of traffic"
                : settings.count() + " predictions" + (settings.duration() == null ? "" : " or " + duration);
        String pace = settings.rate() > 0 ? "at " + trim(settings.rate()) + "/s" : "as fast as possible";
        String applicants = served.hasSeedSchema()
                ? "scenario " + scenario.cliName() + ": " + scenario.description()
                : "applicants from the reference profile of model " + served.version() + " ("
                        + served.schema().size() + " features), outcomes drawn from its probabilities";
        return String.format(
                Locale.ROOT,
                "simulating %s %s (concurrency %d) against %s%n%s; label delay %s, noise %s, seed %d",
                limit,
                pace,
                settings.concurrency(),
                client.apiUrl(),
                applicants,
                labelDelay,
                trim(noise),
                seed);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** Reads {@code --scenario}; names the accepted values when the name is unknown. */
    public static final class ScenarioConverter implements ITypeConverter<TrafficScenario> {
        @Override
        public TrafficScenario convert(String value) {
            try {
                return TrafficScenario.named(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
