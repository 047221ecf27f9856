package org.loanmodel.service;

import java.util.ArrayList;
import java.util.List;
import org.loanmodel.model.ChallengerDecision;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.monitoring.ChallengerMetrics;

/**
 * The challengers' decisions for the rows of one request, and how often each agreed with the
 * champion, reported once the request's decisions count as logged (a request the log refused counts
 * for no model).
 */
final class ShadowTally {
    private final List<LoanModel> challengers;
    private final long[] agreeing;
    private final long[] disagreeing;

    ShadowTally(List<LoanModel> challengers) {
        this.challengers = challengers;
        this.agreeing = new long[challengers.size()];
        this.disagreeing = new long[challengers.size()];
    }

    /** Every challenger's decision for one row the champion decided {@code championApproval}. */
    List<ChallengerDecision> score(LoanApplication application, int championApproval) {
        if (challengers.isEmpty()) {
            return List.of();
        }
        List<ChallengerDecision> decisions = new ArrayList<>(challengers.size());
        for (int c = 0; c < challengers.size(); c++) {
            LoanModel challenger = challengers.get(c);
            double probability = challenger.probability(application);
            int approval = challenger.approval(probability);
            decisions.add(new ChallengerDecision(challenger.version(), probability, approval));
            if (approval == championApproval) {
                agreeing[c]++;
            } else {
                disagreeing[c]++;
            }
        }
        return decisions;
    }

    /** Counts the agreements of every row scored. */
    void report(ChallengerMetrics metrics) {
        for (int c = 0; c < challengers.size(); c++) {
            metrics.recordShadows(challengers.get(c).version(), agreeing[c], disagreeing[c]);
        }
    }
}
