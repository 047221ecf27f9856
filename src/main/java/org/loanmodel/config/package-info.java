/**
 * Settings of {@code serve}, validated at the boundary: flags, then environment variables, then defaults; every error names the flag and the variable to fix.
 */
package org.loanmodel.config;
