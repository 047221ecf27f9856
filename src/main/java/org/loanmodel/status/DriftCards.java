package org.loanmodel.status;

/**
 * The drift section: one card per feature, the highest PSI first, a drifted one marked in words
 * and color, then the prediction score; each card holds a chart container {@code status.js} fills
 * with the live and training shares per bin.
 */
final class DriftCards {
    private DriftCards() {}

    static void write(PageWriter page, DriftStatus drift) {
        page.open("section", "id", "drift")
                .element("h2", "Drift against the training data")
                .open("p", "class", "note")
                .text("PSI and KS over the last ")
                .number("b", "drift-window", "drift.window_observations", "count")
                .text(" decisions; above " + Format.fixed(StatusThresholds.PSI_DRIFTED, 2)
                        + " (with at least " + Format.count(StatusThresholds.DRIFT_MIN_OBSERVATIONS)
                        + " decisions) a feature has drifted. Bars: share of decisions per training bin since"
                        + " start, live against training.")
                .close("p")
                .open("div", "class", "drift-grid", "id", "drift-cards");
        for (DriftStatus.Signal feature : drift.features()) {
            card(page, feature, "drift.features." + feature.name(), feature.name());
        }
        if (drift.predictionScore() != null) {
            card(page, drift.predictionScore(), "drift.prediction_score", "prediction score");
        }
        page.close("div").close("section");
    }

    private static void card(PageWriter page, DriftStatus.Signal signal, String key, String title) {
        String id = signal.name();
        page.open(
                        "article",
                        "class",
                        signal.drifted() ? "feature drifted" : "feature",
                        "id",
                        "feature-" + id,
                        "data-feature",
                        id,
                        "data-key-base",
                        key)
                .open("header")
                .element("h3", title)
                .open("span", "class", "badge", "hidden", signal.drifted() ? null : "")
                .text("drifted")
                .close("span")
                .open("span", "class", "stats")
                .text("PSI ")
                .number("b", "psi-" + id, key + ".psi", "fixed3", "psi")
                .text(" · KS ")
                .number("b", "ks-" + id, key + ".ks", "fixed3")
                .close("span")
                .close("header")
                .raw("<div class=\"chart small\" id=\"chart-drift-" + PageWriter.escape(id) + "\" data-chart=\"drift-"
                        + PageWriter.escape(id) + "\"></div>")
                .close("article");
    }
}
