package org.loanmodel.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.loanmodel.status.PageWriter.Column;

/**
 * The status page as HTML, every number already in it (readable with JavaScript off); {@code
 * status.js} then refreshes it from {@code /status.json} and draws the charts with uPlot. Scripts
 * and styles are files under {@code /assets/}, as the page's Content-Security-Policy requires.
 */
public final class StatusPage {
    /** Seconds between refreshes, also written on the page. */
    static final int REFRESH_SECONDS = 5;

    private StatusPage() {}

    public static String render(StatusReport report) {
        PageWriter page = new PageWriter(StatusJson.tree(report));
        page.raw("<!DOCTYPE html>\n")
                .open("html", "lang", "en", "data-errors", "")
                .open("head")
                .raw("<meta charset=\"utf-8\">")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .element("title", "loan-model-api status")
                // No favicon request: the page loads nothing it does not need.
                .raw("<link rel=\"icon\" href=\"data:,\">")
                .raw("<link rel=\"stylesheet\" href=\"/assets/uplot.min.css\">")
                .raw("<link rel=\"stylesheet\" href=\"/assets/status.css\">")
                // Before anything else, so that every later error is recorded.
                .raw("<script src=\"/assets/guard.js\"></script>")
                .raw("<script src=\"/assets/uplot.min.js\" defer></script>")
                .raw("<script src=\"/assets/status.js\" defer></script>")
                .close("head")
                .open("body", "data-refresh-seconds", Integer.toString(REFRESH_SECONDS));
        header(page, report);
        warnings(page, report.warnings());
        tiles(page);
        traffic(page);
        quality(page);
        DriftCards.write(page, report.drift());
        decisions(page);
        predictionLog(page);
        page.open("footer")
                .element(
                        "p",
                        "Warnings mirror the thresholds of prometheus/alert-rules.yml (drift, accuracy, errors,"
                                + " latency) and /ready (prediction log), applied to what this process sees now;"
                                + " the alerts also wait their 'for' duration. Aggregates only: no applicant data"
                                + " is shown.")
                .close("footer");
        return page.close("body").close("html").toString();
    }

    private static void header(PageWriter page, StatusReport report) {
        page.open("header", "class", "top")
                .open("div")
                .element("h1", "loan-model-api")
                .open("p", "class", "meta")
                .text("As of ")
                .element("time", report.generatedAt(), "id", "generated-at", "data-key", "generated_at")
                .text(" · refreshes every " + REFRESH_SECONDS + " s · ")
                .element("span", "", "id", "refresh-state")
                .close("p")
                .close("div");
        page.table(
                "models",
                "models",
                "version",
                null,
                List.of(
                        new Column("version", "model version", "text"),
                        new Column("role", "role", "text"),
                        new Column("algorithm", "algorithm", "text"),
                        new Column("trained_at", "trained", "text")));
        page.close("header");
    }

    private static void warnings(PageWriter page, List<Warning> warnings) {
        page.open("section", "id", "warnings-section", "class", warnings.isEmpty() ? "warnings clear" : "warnings")
                .element("h2", "Warnings")
                .open("ul", "id", "warnings");
        for (Warning warning : warnings) {
            page.element("li", warning.message(), "data-rule", warning.rule(), "data-subject", warning.subject());
        }
        page.close("ul");
        page.open("p", "id", "all-clear", "hidden", warnings.isEmpty() ? null : "")
                .text("No rule would alert now.")
                .close("p")
                .close("section");
    }

    private static void tiles(PageWriter page) {
        page.open("section", "class", "tiles");
        tile(page, "Requests", "requests-per-second", "traffic.requests_per_second", "rate", "last minute");
        tile(page, "Errors", "errors-per-second", "traffic.errors_per_second", "rate", "last minute, all reasons");
        tile(page, "Latency p50", "latency-p50", "traffic.p50_seconds", "millis", "last minute");
        tile(page, "Latency p99", "latency-p99", "traffic.p99_seconds", "millis", "last minute");
        tile(page, "Accuracy", "accuracy", "quality.overall.accuracy", "percent", "realized, from labels");
        tile(page, "Expected accuracy", "estimated-accuracy", "quality.estimated.accuracy", "percent", "before labels");
        tile(page, "Label coverage", "label-coverage", "quality.label_coverage", "percent", "labelled / decisions");
        tile(
                page,
                "Label delay p50",
                "label-delay",
                "quality.label_delay_p50_seconds",
                "duration",
                "decision to outcome");
        page.close("section");
    }

    private static void tile(PageWriter page, String label, String id, String key, String format, String note) {
        page.open("div", "class", "tile")
                .element("span", label, "class", "label")
                .number("span", id, key, format, "big")
                .element("span", note, "class", "note")
                .close("div");
    }

    private static void traffic(PageWriter page) {
        page.open("section", "class", "charts")
                .open("figure")
                .element("figcaption", "Requests and errors per second, last 15 minutes")
                .raw("<div class=\"chart\" id=\"chart-traffic\" data-chart=\"traffic\"></div>")
                .close("figure")
                .open("figure")
                .element("figcaption", "Latency per second (p50, p99), last 15 minutes")
                .raw("<div class=\"chart\" id=\"chart-latency\" data-chart=\"latency\"></div>")
                .close("figure")
                .open("p", "class", "totals")
                .text("Since start: ")
                .number("b", "requests-total", "traffic.requests_total", "count")
                .text(" requests, ")
                .number("b", "errors-total", "traffic.errors_total", "count")
                .text(" errors. Last 15 minutes: ")
                .number("b", "requests-window", "traffic.requests_in_window", "count")
                .text(" requests, ")
                .number("b", "errors-window", "traffic.errors_in_window", "count")
                .text(" errors.")
                .close("p")
                .close("section");
    }

    private static void quality(PageWriter page) {
        page.open("section", "id", "quality")
                .element("h2", "Quality since start")
                .open("div", "class", "quality-grid");
        confusion(page);
        page.open("table", "class", "compare")
                .raw("<thead><tr><th></th><th>realized</th><th>expected</th></tr></thead><tbody>");
        for (String measure : new String[] {"accuracy", "precision", "recall"}) {
            page.open("tr")
                    .element("th", measure)
                    .open("td")
                    .number("span", measure + "-realized", "quality.overall." + measure, "percent")
                    .close("td")
                    .open("td")
                    .number("span", measure + "-expected", "quality.estimated." + measure, "percent")
                    .close("td")
                    .close("tr");
        }
        page.raw("</tbody></table>").close("div");
        page.table(
                "versions",
                "quality.by_version",
                "version",
                null,
                List.of(
                        new Column("version", "model version", "text"),
                        new Column("role", "role", "text"),
                        new Column("labels", "labels", "count"),
                        new Column("accuracy", "accuracy", "percent"),
                        new Column("precision", "precision", "percent"),
                        new Column("recall", "recall", "percent"),
                        new Column("tp", "tp", "count"),
                        new Column("fp", "fp", "count"),
                        new Column("tn", "tn", "count"),
                        new Column("fn", "fn", "count")));
        page.close("section");
    }

    private static void confusion(PageWriter page) {
        page.open("table", "class", "confusion", "id", "confusion")
                .raw("<thead><tr><th></th><th>outcome 1</th><th>outcome 0</th></tr></thead><tbody>")
                .open("tr")
                .element("th", "approved");
        cell(page, "tp", "true positive");
        cell(page, "fp", "false positive");
        page.close("tr").open("tr").element("th", "rejected");
        cell(page, "fn", "false negative");
        cell(page, "tn", "true negative");
        page.close("tr").raw("</tbody>").close("table");
    }

    private static void cell(PageWriter page, String outcome, String title) {
        page.open("td", "class", outcome, "title", title)
                .number("span", "cm-" + outcome, "quality.overall." + outcome, "count")
                .element("small", outcome)
                .close("td");
    }

    private static void decisions(PageWriter page) {
        JsonNode reasons = page.at("denial_reasons");
        page.open(
                        "section",
                        "id",
                        "reasons-section",
                        "data-present",
                        "denial_reasons",
                        "hidden",
                        reasons.isNull() ? "" : null)
                .element("h2", "Most frequent denial reasons");
        page.table(
                "reasons",
                "denial_reasons",
                "reason",
                null,
                List.of(
                        new Column("reason", "reason", "text"),
                        new Column("count", "denials", "count"),
                        new Column("share", "share of reasons", "percent")));
        page.close("section");
        JsonNode segments = page.at("segments");
        page.open(
                        "section",
                        "id",
                        "segments-section",
                        "data-present",
                        "segments",
                        "hidden",
                        segments.isNull() ? "" : null)
                .element("h2", "Approval rates by segment")
                .element(
                        "p",
                        "Impact ratio: a group's approval rate over the highest group's in its segment; below "
                                + Format.fixed(StatusThresholds.ADVERSE_IMPACT_RATIO_MIN, 2)
                                + " fails the four-fifths rule.",
                        "class",
                        "note");
        page.table(
                "segments",
                "segments",
                "segment,group",
                "groups",
                List.of(
                        new Column("segment", "segment", "text"),
                        new Column("group", "group", "text"),
                        new Column("decisions", "decisions", "count"),
                        new Column("approval_rate", "approval rate", "percent"),
                        new Column("impact_ratio", "impact ratio", "fixed2")));
        page.close("section");
    }

    private static void predictionLog(PageWriter page) {
        page.open("section", "id", "log").element("h2", "Prediction log").open("div", "class", "tiles");
        tile(page, "Decisions kept", "log-rows", "prediction_log.rows", "count", "rows in the log");
        tile(page, "Queue", "log-queue-depth", "prediction_log.queue_depth", "count", "waiting to be written");
        tile(page, "Queue capacity", "log-queue-capacity", "prediction_log.queue_capacity", "count", "then 503");
        tile(page, "Queue fill", "log-queue-fill", "prediction_log.queue_fill", "percent", "503 on /ready above 90 %");
        tile(
                page,
                "Write failures",
                "log-write-failures",
                "prediction_log.write_failures_total",
                "count",
                "since start");
        tile(
                page,
                "Recent failures",
                "log-write-failures-5m",
                "prediction_log.write_failures_5m",
                "count",
                "last 5 minutes");
        tile(page, "Committed", "log-committed", "prediction_log.committed_total", "count", "since start");
        page.close("div").close("section");
    }
}
