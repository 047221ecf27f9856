package org.loanmodel.smoke;

import java.util.List;

/**
 * Every check of one smoke run, in order, and the verdict over them.
 *
 * @param results the checks in the order they ran
 */
public record SmokeReport(List<CheckResult> results) {

    public SmokeReport {
        results = List.copyOf(results);
    }

    /** Whether every check passed; a skipped check is not a pass. */
    public boolean passed() {
        return results.stream().allMatch(r -> r.verdict() == CheckResult.Verdict.PASS);
    }

    /** One line per check. */
    public List<String> lines() {
        return results.stream().map(CheckResult::line).toList();
    }

    /** The closing line; worded so no test-runner summary parser mistakes it for its own. */
    public String verdict() {
        long failed = count(CheckResult.Verdict.FAIL);
        long skipped = count(CheckResult.Verdict.SKIP);
        if (failed == 0 && skipped == 0) {
            return "smoke passed: all " + results.size() + " checks passed";
        }
        return "smoke FAILED: " + failed + " of " + results.size() + " checks failed, " + skipped + " skipped";
    }

    private long count(CheckResult.Verdict verdict) {
        return results.stream().filter(r -> r.verdict() == verdict).count();
    }
}
