package org.loanmodel.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * The bearer tokens that may write ground truth and use the administrative and audit endpoints.
 * Several may be valid at once, so a token can be rotated without downtime. Only SHA-256 digests
 * are kept, and a presented token is compared with every digest in constant time, so neither the
 * token's content nor its length leaks through timing; no token is ever logged or exported.
 *
 * <p>With no token configured the service is open, as the original system was; it says so at start
 * and in {@code /ready}.
 */
public final class BearerTokens {
    private static final String SCHEME = "bearer ";

    private final List<byte[]> digests;

    /** @param tokens the accepted tokens; empty means no authentication */
    public BearerTokens(List<String> tokens) {
        for (String token : tokens) {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("a token must not be empty");
            }
        }
        this.digests = tokens.stream().map(BearerTokens::digest).toList();
    }

    /** No token: every caller is let in. */
    public static BearerTokens none() {
        return new BearerTokens(List.of());
    }

    /** True when tokens are configured and so required. */
    public boolean required() {
        return !digests.isEmpty();
    }

    /** Whether an {@code Authorization} header value carries an accepted token. */
    public boolean accepts(String authorization) {
        if (!required()) {
            return true;
        }
        if (authorization == null
                || authorization.length() <= SCHEME.length()
                || !authorization
                        .substring(0, SCHEME.length())
                        .toLowerCase(Locale.ROOT)
                        .equals(SCHEME)) {
            return false;
        }
        byte[] presented = digest(authorization.substring(SCHEME.length()).trim());
        boolean accepted = false;
        // Every digest is compared, so the time taken does not tell which one (if any) matched.
        for (byte[] digest : digests) {
            accepted |= MessageDigest.isEqual(digest, presented);
        }
        return accepted;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return required() ? digests.size() + " token(s)" : "no tokens";
    }
}
