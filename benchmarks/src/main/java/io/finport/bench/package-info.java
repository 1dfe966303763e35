/**
 * Deterministic benchmarks. The polling benchmark ({@link io.finport.bench.PollingBenchmark}) simulates finAPI
 * imports on a virtual clock and runs them through the real poll policies of {@code import-domain}.
 */
package io.finport.bench;
