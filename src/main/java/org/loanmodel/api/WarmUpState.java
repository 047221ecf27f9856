package org.loanmodel.api;

import java.util.Optional;

/**
 * Whether the service is still rehearsing its request path, as {@code /ready} reports it: while it
 * is, the instance answers 503 {@code warming_up} so that no traffic is sent its way yet.
 */
@FunctionalInterface
public interface WarmUpState {
    /** A service that does not warm up, or has finished. */
    WarmUpState DONE = Optional::empty;

    /** What the warm-up is doing, in the words of {@code /ready}'s reasons; empty once it has finished. */
    Optional<String> pending();
}
