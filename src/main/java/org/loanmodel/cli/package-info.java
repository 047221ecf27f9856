/**
 * Command-line commands (picocli): {@code serve}, {@code train}, {@code smoke}, {@code simulate}.
 * Each only parses options into validated settings, hands over to the composition root or the tool
 * ({@code smoke}, {@code simulate} packages), prints and returns an exit code.
 */
package org.loanmodel.cli;
