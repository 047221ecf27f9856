/**
 * Transport-neutral services: deciding applications and joining delayed outcomes to logged decisions. They know nothing of HTTP.
 */
package org.loanmodel.service;
