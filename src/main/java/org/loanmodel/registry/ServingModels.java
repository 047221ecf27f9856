package org.loanmodel.registry;

import java.util.List;
import java.util.Objects;
import org.loanmodel.model.LoanModel;

/**
 * The models one request is scored by: the champion, whose decision is the answer, and the
 * challengers in their order. Immutable, so a request that took it sees the same models throughout.
 *
 * @param champion the model that answers
 * @param challengers the models that score in its shadow
 */
public record ServingModels(LoanModel champion, List<LoanModel> challengers) {
    public ServingModels {
        Objects.requireNonNull(champion, "champion");
        challengers = List.copyOf(challengers);
        java.util.Set<String> versions = new java.util.HashSet<>(java.util.List.of(champion.version()));
        for (LoanModel challenger : challengers) {
            if (!versions.add(challenger.version())) {
                throw new IllegalArgumentException("model " + challenger.version()
                        + " is served twice; a challenger must differ from the champion and the other challengers");
            }
            if (!challenger.schema().equals(champion.schema())) {
                throw new IllegalArgumentException("challenger " + challenger.version() + " reads "
                        + challenger.schema().names() + " but champion " + champion.version() + " reads "
                        + champion.schema().names() + "; every served model must read the same features");
            }
        }
    }

    /** The champion alone. */
    public static ServingModels of(LoanModel champion) {
        return new ServingModels(champion, List.of());
    }
}
