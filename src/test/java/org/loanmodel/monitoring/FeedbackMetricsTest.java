package org.loanmodel.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.ConfusionCell;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.testing.Scrape;

class FeedbackMetricsTest {
    private static final LoanModel MODEL = ModelArtifact.loadDefault();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final FeedbackMetrics metrics = new ServingMetrics(registry, MODEL).feedback();

    @Test
    void outcomeOfAVersionThisServiceNeverWritesCountsAsUnknown() {
        metrics.recordOutcome(ConfusionCell.TRUE_POSITIVE, "x\"}{evil=\"1", 60);
        metrics.recordOutcome(ConfusionCell.FALSE_NEGATIVE, MODEL.version(), 60);
        Scrape scrape = Registries.scrape(registry);
        assertThat(scrape.value("model_feedback_total{model_version=\"unknown\",outcome=\"tp\"}"))
                .isEqualTo(1);
        assertThat(scrape.value("model_feedback_total{model_version=\"" + MODEL.version() + "\",outcome=\"fn\"}"))
                .isEqualTo(1);
    }

    @Test
    void outcomeLabelledBeforeItsDecisionCountsAZeroDelay() {
        metrics.recordOutcome(ConfusionCell.TRUE_NEGATIVE, MODEL.version(), -30);
        Scrape scrape = Registries.scrape(registry);
        assertThat(scrape.value("model_label_delay_seconds_bucket{le=\"60.0\"}"))
                .isEqualTo(1);
        assertThat(scrape.value("model_label_delay_seconds_sum")).isZero();
    }

    @Test
    void qualityGaugesReadTheRollingWindowAtEachScrape() {
        QualityMonitor quality = new QualityMonitor(2);
        metrics.watch(quality);
        assertThat(Registries.scrape(registry).value("model_accuracy")).isNaN();
        quality.record(ConfusionCell.TRUE_POSITIVE);
        quality.record(ConfusionCell.FALSE_POSITIVE);
        quality.record(ConfusionCell.FALSE_NEGATIVE);
        Scrape scrape = Registries.scrape(registry);
        assertThat(scrape.value("model_accuracy")).isZero();
        assertThat(scrape.value("model_precision")).isZero();
        assertThat(scrape.value("model_recall")).isZero();
        assertThat(scrape.value("model_f1")).isZero();
        assertThat(scrape.value("model_quality_window_feedbacks")).isEqualTo(2);
    }

    @Test
    void unverifiedDuplicateMismatchAndRejectedEachCountOnce() {
        metrics.recordUnverifiedOutcome(ConfusionCell.FALSE_POSITIVE);
        metrics.recordDuplicate();
        metrics.recordMismatch();
        metrics.recordRejected(FeedbackMetrics.Rejection.UNKNOWN_PREDICTION);
        Scrape scrape = Registries.scrape(registry);
        assertThat(scrape.value("model_feedback_unverified_total{outcome=\"fp\"}"))
                .isEqualTo(1);
        assertThat(scrape.value("model_feedback_duplicates_total")).isEqualTo(1);
        assertThat(scrape.value("model_feedback_prediction_mismatch_total")).isEqualTo(1);
        assertThat(scrape.value("model_feedback_rejected_total{reason=\"unknown_prediction\"}"))
                .isEqualTo(1);
        assertThat(scrape.value("model_feedback_rejected_total{reason=\"conflict\"}"))
                .isZero();
    }
}
