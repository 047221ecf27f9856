/**
 * The HTTP layer on Vert.x: routes of the API port and the metrics port, thin resources, the JSON codec and the one error mapper.
 */
package org.loanmodel.api;
