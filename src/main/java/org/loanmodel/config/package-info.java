/**
 * Settings of {@code serve}, validated at the boundary: flags, then environment variables (read from
 * an injected map), then the defaults the builders state; every error names the flag and the
 * variable to fix.
 */
package org.loanmodel.config;
