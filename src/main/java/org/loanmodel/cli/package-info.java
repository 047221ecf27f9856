/**
 * Command-line commands (picocli): {@code serve}, {@code train}, and the client tools. Each parses options into validated settings and hands over to the composition root or a service.
 */
package org.loanmodel.cli;
