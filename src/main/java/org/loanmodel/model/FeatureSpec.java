package org.loanmodel.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One input feature of the model: its wire name, kind and the values the service accepts.
 *
 * <p>The accepted range is wider than the training range on purpose: values the model has not seen
 * must still be served (and show up as drift), while values no real application can have are
 * rejected.
 *
 * @param name the JSON field name, lower snake case
 * @param kind how values are constrained
 * @param min smallest accepted value (ignored for categories)
 * @param max largest accepted value (ignored for categories)
 * @param categories the accepted codes of a {@link FeatureKind#CATEGORY} feature, ascending
 * @param description what the value means, for humans
 * @param optional whether a request may leave the feature out (written only when true, so artifacts
 *     made before the field existed keep their content hash)
 * @param reasonCode the stable code of an adverse-action reason naming this feature, upper snake
 *     case, or {@code null} for the default {@code R_} + the name in upper case, e.g. {@code
 *     R_CREDIT_SCORE} (written only when set, like {@code optional})
 * @param reasonText how a reason names this feature, e.g. {@code "credit score"}, to which the
 *     reason adds its direction ({@code "credit score too low"}); {@code null} for the default, the
 *     name with spaces for underscores (written only when set)
 */
public record FeatureSpec(
        String name,
        FeatureKind kind,
        double min,
        double max,
        List<Double> categories,
        String description,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean optional,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reasonCode,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reasonText) {

    public FeatureSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (!isValidName(name)) {
            throw new IllegalArgumentException("feature name must be lower snake case, got '" + name + "'");
        }
        categories = categories == null ? List.of() : List.copyOf(categories);
        if (kind == FeatureKind.CATEGORY && categories.isEmpty()) {
            throw new IllegalArgumentException("category feature '" + name + "' needs at least one category");
        }
        if (kind != FeatureKind.CATEGORY && !(min <= max)) {
            throw new IllegalArgumentException("feature '" + name + "' needs min <= max, got " + min + " > " + max);
        }
        if (reasonCode != null && !reasonCode.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException(
                    "reason code of feature '" + name + "' must be upper snake case, got '" + reasonCode + "'");
        }
        if (reasonText != null && reasonText.isBlank()) {
            throw new IllegalArgumentException("reason text of feature '" + name + "' must not be blank");
        }
        // The words are stored with every denial: PostgreSQL refuses a NUL in text, and a log that
        // cannot store a denial's words stores no decision at all.
        if (reasonText != null && !plainText(reasonText)) {
            throw new IllegalArgumentException("reason text of feature '" + name
                    + "' must be plain text: no control characters or unpaired surrogates");
        }
        if (description != null && !plainText(description)) {
            throw new IllegalArgumentException("description of feature '" + name
                    + "' must be plain text: no control characters or unpaired surrogates");
        }
    }

    /** No control character (NUL, line breaks, DEL, C1) and no half of a surrogate pair. */
    private static boolean plainText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a name can be a feature's: lower snake case, starting with a letter, the form of the
     * API's field names.
     */
    public static boolean isValidName(String name) {
        return name.matches("[a-z][a-z0-9_]*");
    }

    /** A feature without reason code and text of its own, as artifacts before them had. */
    public FeatureSpec(
            String name,
            FeatureKind kind,
            double min,
            double max,
            List<Double> categories,
            String description,
            boolean optional) {
        this(name, kind, min, max, categories, description, optional, null, null);
    }

    /** A real-valued feature accepted in {@code [min, max]}. */
    public static FeatureSpec number(String name, double min, double max, String description) {
        return new FeatureSpec(name, FeatureKind.NUMBER, min, max, List.of(), description, false);
    }

    /** A whole-number feature accepted in {@code [min, max]}. */
    public static FeatureSpec integer(String name, double min, double max, String description) {
        return new FeatureSpec(name, FeatureKind.INTEGER, min, max, List.of(), description, false);
    }

    /** A coded feature accepted only as one of {@code codes}. */
    public static FeatureSpec category(String name, List<Double> codes, String description) {
        double low = codes.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double high = codes.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return new FeatureSpec(name, FeatureKind.CATEGORY, low, high, codes, description, false);
    }

    /** The same feature, which requests may leave out. */
    public FeatureSpec asOptional() {
        return new FeatureSpec(name, kind, min, max, categories, description, true, reasonCode, reasonText);
    }

    /** The same feature with its own reason code and text ({@code null} for a default). */
    public FeatureSpec withReason(String code, String text) {
        return new FeatureSpec(name, kind, min, max, categories, description, optional, code, text);
    }

    /** The code of a reason naming this feature: {@link #reasonCode()}, else {@code R_} + the name. */
    public String reasonCodeOrDefault() {
        return reasonCode != null ? reasonCode : "R_" + name.toUpperCase(Locale.ROOT);
    }

    /** How a reason names this feature: {@link #reasonText()}, else the name with spaces. */
    public String reasonTextOrDefault() {
        return reasonText != null ? reasonText : name.replace('_', ' ');
    }

    /** {@link #reasonTextVariant} of a value present that is not one of the category codes. */
    public static final int TEXT_FOR_VALUE = 0;
    /** {@link #reasonTextVariant} of an absent value. */
    public static final int TEXT_FOR_ABSENT = 1;

    /**
     * Which of this feature's reason texts a value gets: {@link #TEXT_FOR_ABSENT} for an absent
     * value ({@code NaN}), {@code 2 + c} for the {@code c}-th of a category's codes, else {@link
     * #TEXT_FOR_VALUE}. Reason texts are fixed per model, feature and variant, so a stored denial
     * names its texts by variant.
     */
    public int reasonTextVariant(double value) {
        if (Double.isNaN(value)) {
            return TEXT_FOR_ABSENT;
        }
        if (kind == FeatureKind.CATEGORY) {
            for (int c = 0; c < categories.size(); c++) {
                if (categories.get(c) == value) {
                    return 2 + c;
                }
            }
        }
        return TEXT_FOR_VALUE;
    }

    /**
     * Checks one value of a request, {@code NaN} meaning the feature was left out.
     *
     * @throws InvalidInputException when a required feature is absent or the value breaks the rule
     */
    public void checkPresent(double value) {
        if (Double.isNaN(value)) {
            if (!optional) {
                throw new InvalidInputException(name, "missing_field", "feature '" + name + "' is required");
            }
            return;
        }
        check(value);
    }

    /**
     * Checks one value against this feature's rule.
     *
     * @throws InvalidInputException naming the feature, the rule and the value
     */
    public void check(double value) {
        if (Double.isNaN(value)) {
            throw new InvalidInputException(
                    name, "not_finite", "feature '" + name + "' must be a finite number, got " + value);
        }
        switch (kind) {
            case CATEGORY -> {
                if (!isCategory(value)) {
                    throw new InvalidInputException(
                            name,
                            "not_allowed_category",
                            "feature '" + name + "' must be one of " + describeCategories() + ", got "
                                    + Numbers.format(value));
                }
            }
            case INTEGER -> {
                // Range first: a huge whole number (2^53 and beyond, or beyond a double) is out of
                // range, not fractional.
                checkRange(value, "a whole number");
                if (value != Math.rint(value)) {
                    throw new InvalidInputException(
                            name,
                            "not_whole_number",
                            "feature '" + name + "' must be a whole number, got " + Numbers.format(value));
                }
            }
            case NUMBER -> {
                checkRange(value, "a number");
                if (Double.isInfinite(value)) {
                    throw new InvalidInputException(
                            name, "not_finite", "feature '" + name + "' must be a finite number, got " + value);
                }
            }
        }
    }

    /** Whether {@code value} is an accepted code; unlike {@code List.contains}, boxes nothing. */
    private boolean isCategory(double value) {
        for (int i = 0; i < categories.size(); i++) {
            if (categories.get(i) == value) {
                return true;
            }
        }
        return false;
    }

    private void checkRange(double value, String what) {
        if (value < min || value > max) {
            throw new InvalidInputException(
                    name,
                    "out_of_range",
                    "feature '" + name + "' must be " + what + " between " + Numbers.format(min) + " and "
                            + Numbers.format(max) + ", got " + Numbers.format(value));
        }
    }

    /** The accepted codes as {@code [12, 24, 36]}. */
    public String describeCategories() {
        return categories.stream().map(Numbers::format).collect(Collectors.joining(", ", "[", "]"));
    }
}
