/**
 * The import domain: outcome vocabulary, the classification of a finished finAPI import/update, IBAN masking and
 * the poll policy. Plain Java on purpose (no AWS, no finAPI client types) so every Lambda and the benchmarks can use
 * it, and so the rules can be tested without mocks.
 */
package io.finport.domain;
