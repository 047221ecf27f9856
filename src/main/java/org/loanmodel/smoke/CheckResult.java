package org.loanmodel.smoke;

/**
 * The outcome of one smoke check.
 *
 * @param name what was checked, e.g. {@code reject an out-of-range age}
 * @param verdict pass, fail or skip
 * @param detail what was seen, or why it failed or was skipped
 */
public record CheckResult(String name, Verdict verdict, String detail) {

    /** A check passes, fails, or is skipped because an earlier one left nothing to check. */
    public enum Verdict {
        PASS,
        FAIL,
        SKIP
    }

    public static CheckResult pass(String name, String detail) {
        return new CheckResult(name, Verdict.PASS, detail);
    }

    public static CheckResult fail(String name, String detail) {
        return new CheckResult(name, Verdict.FAIL, detail);
    }

    public static CheckResult skip(String name, String detail) {
        return new CheckResult(name, Verdict.SKIP, detail);
    }

    /** One report line: verdict, name in a column, detail. */
    public String line() {
        return String.format("%-4s  %-44s %s", verdict, name, detail);
    }
}
