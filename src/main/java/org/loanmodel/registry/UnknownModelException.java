package org.loanmodel.registry;

import java.util.Collection;

/** A model version the registry does not know. */
public final class UnknownModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownModelException(String version, Collection<String> known) {
        super("no model has version '" + version + "'; known versions are " + known, null, false, false);
    }
}
