package org.loanmodel.simulate;

import java.time.Duration;
import java.util.Objects;
import org.loanmodel.config.DurationParser;

/**
 * What {@code simulate} sends and how fast. Build with {@link #builder()}; every setting not given
 * keeps the default its {@link Builder} method states. Errors name the command-line option.
 *
 * <p>Example: {@code SimulationSettings.builder().count(300L).rate(0).build()}.
 */
public final class SimulationSettings {
    /** Predictions sent when neither a count nor a duration is given. */
    public static final long DEFAULT_COUNT = 1000;
    /** Predictions per second when none is given. */
    public static final int DEFAULT_RATE = 50;
    /** Most predictions in flight when none is given. */
    public static final int DEFAULT_CONCURRENCY = 8;
    /** Time from a decision to its feedback when none is given. */
    public static final String DEFAULT_LABEL_DELAY = "0s";
    /** Share of flipped outcomes when none is given. */
    public static final int DEFAULT_NOISE = 0;
    /** Seed of the applicant stream when none is given. */
    public static final long DEFAULT_SEED = 7;

    private final long count;
    private final Duration duration;
    private final double rate;
    private final int concurrency;
    private final Duration labelDelay;
    private final double noise;
    private final long seed;
    private final TrafficScenario scenario;

    private SimulationSettings(Builder builder) {
        this.duration = builder.duration;
        this.count = builder.count != null ? builder.count : duration == null ? DEFAULT_COUNT : 0;
        this.rate = builder.rate;
        this.concurrency = builder.concurrency;
        this.labelDelay = Objects.requireNonNull(builder.labelDelay, "labelDelay");
        this.noise = builder.noise;
        this.seed = builder.seed;
        this.scenario = Objects.requireNonNull(builder.scenario, "scenario");
        require(builder.count == null || builder.count >= 1, "--count must be at least 1, got " + builder.count);
        if (duration != null) {
            DurationParser.requirePositive(duration, "--duration");
        }
        require(
                rate >= 0 && Double.isFinite(rate),
                "--rate must be a number of requests per second >= 0 (0 = unlimited), got " + rate);
        require(concurrency >= 1, "--concurrency must be at least 1, got " + concurrency);
        require(!labelDelay.isNegative(), "--label-delay must not be negative, got " + labelDelay);
        require(noise >= 0 && noise <= 0.5, "--noise must be between 0 and 0.5, got " + noise);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Predictions to send, or 0 for no limit (then {@link #duration()} ends the run). */
    public long count() {
        return count;
    }

    /** How long to send, or {@code null} for no limit (then {@link #count()} ends the run). */
    public Duration duration() {
        return duration;
    }

    /** Predictions per second, or 0 for as fast as {@link #concurrency()} allows. */
    public double rate() {
        return rate;
    }

    /** Most predictions in flight at once. */
    public int concurrency() {
        return concurrency;
    }

    /** Time between a decision and its feedback. */
    public Duration labelDelay() {
        return labelDelay;
    }

    /** Probability that a reported outcome is flipped. */
    public double noise() {
        return noise;
    }

    /** Seed of the applicant stream: the same seed sends the same applicants and outcomes. */
    public long seed() {
        return seed;
    }

    /** How the traffic departs from the training data. */
    public TrafficScenario scenario() {
        return scenario;
    }

    /** Collects settings; {@link #build()} validates them all at once. Not thread-safe. */
    public static final class Builder {
        private Long count;
        private Duration duration;
        private double rate = DEFAULT_RATE;
        private int concurrency = DEFAULT_CONCURRENCY;
        private Duration labelDelay = DurationParser.parse(DEFAULT_LABEL_DELAY);
        private double noise = DEFAULT_NOISE;
        private long seed = DEFAULT_SEED;
        private TrafficScenario scenario = TrafficScenario.NONE;

        private Builder() {}

        /**
         * Predictions to send ({@code --count}), at least 1, or {@code null} for none given; default
         * {@value #DEFAULT_COUNT} unless a duration is given, then no limit.
         */
        public Builder count(Long value) {
            this.count = value;
            return this;
        }

        /** How long to send ({@code --duration}), or {@code null}; default {@code null}, no limit. */
        public Builder duration(Duration value) {
            this.duration = value;
            return this;
        }

        /** Predictions per second ({@code --rate}), 0 for unlimited; default {@value #DEFAULT_RATE}. */
        public Builder rate(double value) {
            this.rate = value;
            return this;
        }

        /** Most predictions in flight ({@code --concurrency}); default {@value #DEFAULT_CONCURRENCY}. */
        public Builder concurrency(int value) {
            this.concurrency = value;
            return this;
        }

        /** Time from decision to feedback ({@code --label-delay}); default {@value #DEFAULT_LABEL_DELAY}. */
        public Builder labelDelay(Duration value) {
            this.labelDelay = value;
            return this;
        }

        /** Probability in [0, 0.5] that an outcome is flipped ({@code --noise}); default {@value #DEFAULT_NOISE}. */
        public Builder noise(double value) {
            this.noise = value;
            return this;
        }

        /** Seed of the applicant stream ({@code --seed}); default {@value #DEFAULT_SEED}. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** The scenario ({@code --scenario}); default {@link TrafficScenario#NONE}. */
        public Builder scenario(TrafficScenario value) {
            this.scenario = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid option and its rule */
        public SimulationSettings build() {
            return new SimulationSettings(this);
        }
    }
}
