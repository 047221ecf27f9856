package org.loanmodel.bench;

import org.loanmodel.model.LoanApplication;
import org.loanmodel.training.LoanDataGenerator;

/** A fixed set of applications from the training distribution, cycled through by benchmarks. */
final class Applicants {
    /** A power of two, so the next index is a mask, not a division. */
    static final int COUNT = 1024;

    private Applicants() {}

    static LoanApplication[] draw(long seed) {
        LoanDataGenerator generator = new LoanDataGenerator(seed, 0.0);
        LoanApplication[] rows = new LoanApplication[COUNT];
        for (int i = 0; i < COUNT; i++) {
            rows[i] = generator.nextApplication();
        }
        return rows;
    }
}
