/**
 * Transport-neutral services: deciding applications and joining delayed outcomes to logged
 * decisions. They know nothing of HTTP, and they alone report to monitoring: the API tells them
 * what it refused ({@code rejectedInvalid()}, {@code failedInternally()}) and they count it.
 */
package org.loanmodel.service;
