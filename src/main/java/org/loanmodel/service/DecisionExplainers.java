package org.loanmodel.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.loanmodel.explain.Explanation;
import org.loanmodel.explain.ForestExplainer;
import org.loanmodel.explain.ReasonCodes;
import org.loanmodel.model.Attribution;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.Reason;
import org.loanmodel.model.ReasonWord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exact explainer of every served model, built once per model version (its tables take
 * milliseconds to build, then microseconds per row). A model whose artifact has no node covers
 * gets none: its denials carry no reasons, and the start log says why.
 */
public final class DecisionExplainers {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionExplainers.class);

    private record Explainer(ForestExplainer contributions, ReasonCodes reasons) {}

    /** The explainer of the model last asked for: almost every request asks for the champion's. */
    private record Latest(LoanModel model, Optional<Explainer> explainer) {}

    private final Map<String, Optional<Explainer>> byVersion = new ConcurrentHashMap<>();
    private final boolean reasons;
    private final double reasonsMinShare;
    private volatile Latest latest = new Latest(null, Optional.empty());

    /** @param reasons whether denials get their reasons; off, only {@link #explanation} explains */
    public DecisionExplainers(boolean reasons) {
        this(reasons, 0);
    }

    /**
     * @param reasons whether denials get their reasons; off, only {@link #explanation} explains
     * @param reasonsMinShare the share of the most adverse contribution another feature's must
     *     reach to be a reason too ({@link ReasonCodes})
     */
    public DecisionExplainers(boolean reasons, double reasonsMinShare) {
        this.reasons = reasons;
        this.reasonsMinShare = reasonsMinShare;
    }

    /** Explainers that give every denial its reasons. */
    public DecisionExplainers() {
        this(true);
    }

    /** Builds the explainer of {@code model} now, so no request waits for it. */
    public void prepare(LoanModel model) {
        explainer(model);
    }

    /**
     * Every reason {@code model}'s denials can get; none when they get none (reasons are off, or the
     * model cannot explain).
     */
    public List<ReasonWord> words(LoanModel model) {
        return reasons ? explainer(model).map(e -> e.reasons().words()).orElse(List.of()) : List.of();
    }

    private Optional<Explainer> explainer(LoanModel model) {
        Latest last = latest;
        if (last.model == model) {
            return last.explainer;
        }
        Optional<Explainer> found = byVersion.computeIfAbsent(model.version(), version -> {
            if (!model.canExplain()) {
                LOG.warn("{}", model.cannotExplainReason().orElse("model " + version + " cannot explain decisions"));
                return Optional.empty();
            }
            ForestExplainer explainer = ForestExplainer.of(model);
            return Optional.of(new Explainer(explainer, new ReasonCodes(model, explainer, reasonsMinShare)));
        });
        latest = new Latest(model, found);
        return found;
    }

    /**
     * Why {@code model} denied an application: its principal reasons and every feature's
     * contribution they come from.
     *
     * @param reasons the reasons, most adverse first
     * @param attribution every contribution, to keep with the decision
     */
    public record Denial(List<Reason> reasons, Attribution attribution) {
        /** No reasons: an approval, or a model that cannot explain. */
        public static final Denial NONE = new Denial(List.of(), null);
    }

    /**
     * Decides rows of one model one at a time and explains its denials. When the model can explain,
     * a row is placed once in the explainer's table and both its probability (the forest's, to the
     * bit) and its attribution are read from that placement; otherwise the trees are walked. Not
     * safe for concurrent use: one per request.
     */
    public final class Scorer {
        private final LoanModel model;
        private final ReasonCodes reasons;
        private final ForestExplainer.Placement placement;
        private LoanApplication row;

        private Scorer(LoanModel model, Optional<Explainer> explainer) {
            this.model = model;
            this.placement = explainer.map(e -> e.contributions().placement()).orElse(null);
            this.reasons = DecisionExplainers.this.reasons
                    ? explainer.map(Explainer::reasons).orElse(null)
                    : null;
        }

        /** The model's approval probability of {@code application}, which becomes the row {@link #denial} explains. */
        public double probability(LoanApplication application) {
            row = application;
            return placement == null
                    ? model.probability(application)
                    : placement.of(application).probability();
        }

        /**
         * Why the model denied the row last scored; {@link Denial#NONE} for an approval, when
         * reasons are off or when the model cannot explain.
         */
        public Denial denial(int approval) {
            if (approval == 1 || reasons == null) {
                return Denial.NONE;
            }
            Attribution attribution = placement.attribution();
            return new Denial(reasons.ofDenial(row, attribution), attribution);
        }
    }

    /** A scorer of {@code model}'s rows, for one request. */
    public Scorer scorer(LoanModel model) {
        return new Scorer(model, explainer(model));
    }

    /** Every feature's contribution to {@code model}'s raw output for the application, when it can explain. */
    public Optional<Explanation> explanation(LoanModel model, LoanApplication application) {
        return explainer(model).map(e -> e.contributions().explain(application));
    }
}
