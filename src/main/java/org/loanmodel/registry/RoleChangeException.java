package org.loanmodel.registry;

/** A role change that would break a rule of the registry, such as leaving no champion. */
public final class RoleChangeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RoleChangeException(String message) {
        super(message, null, false, false);
    }
}
