package org.loanmodel.registry;

/**
 * The model directory could not be written: a model upload or role change that needs it changes
 * nothing, and the service keeps serving the models it has. The message names the folder and
 * the setting to fix.
 */
public final class ModelDirectoryException extends RuntimeException {
    ModelDirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
