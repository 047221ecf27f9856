package org.loanmodel.status;

import java.util.List;

/**
 * Everything the status page shows, as of one scrape; {@code /status.json} is this record in
 * snake_case. Only aggregates: no applicant's data is in it.
 *
 * @param generatedAt when the scrape was taken (ISO-8601, UTC)
 * @param models the model versions the metrics speak of
 * @param traffic requests, errors and latency
 * @param quality realized and estimated quality, label coverage and delay
 * @param drift live against training distribution per feature and for the score
 * @param denialReasons the most frequent denial reasons; null when the service exports none
 * @param segments approval rates by segment; null when the service exports none
 * @param predictionLog the prediction log's health
 * @param warnings what a rule would alert on now, the most urgent first
 */
public record StatusReport(
        String generatedAt,
        List<ModelVersion> models,
        TrafficStatus traffic,
        QualityStatus quality,
        DriftStatus drift,
        List<DenialReason> denialReasons,
        List<SegmentStatus> segments,
        LogStatus predictionLog,
        List<Warning> warnings) {}
