package io.finport.bench;

/**
 * AWS list prices, us-east-1, as of the author's knowledge (early 2025; not re-checked against the live price pages,
 * eu-central-1 is a few percent higher for Lambda and DynamoDB). Free tiers ignored.
 *
 * <ul>
 *   <li>Step Functions Standard: $0.025 per 1,000 state transitions.</li>
 *   <li>Lambda (x86): $0.20 per 1M requests, $0.0000166667 per GB-second; every invocation assumed 512 MB × 150 ms.</li>
 *   <li>DynamoDB on-demand (prices since the Nov 2024 cut): $0.125 per 1M read request units, $0.625 per 1M write
 *       request units. Only the adaptive policy pays extra: 2 reads (bank and connection history) and 2 writes per
 *       import, items under 1 KB.</li>
 *   <li>API Gateway REST API: $3.50 per 1M requests (finAPI's callbacks).</li>
 *   <li>finAPI status calls: no public price, reported as a count only.</li>
 * </ul>
 */
record CostModel(
        double perStateTransition,
        double perLambdaRequest,
        double perGbSecond,
        double lambdaGb,
        double lambdaSeconds,
        double perReadUnit,
        double perWriteUnit,
        double perApiRequest,
        int fixedLambdaInvocations) {

    static final String AS_OF = "us-east-1 list prices as of early 2025 (author's knowledge, not re-checked)";

    /** Three Lambdas outside the loop on the happy path: start import, fetch/record outcome, notify. */
    static CostModel usEast1() {
        return new CostModel(
                0.025 / 1_000,
                0.20 / 1_000_000,
                0.0000166667,
                0.5,
                0.150,
                0.125 / 1_000_000,
                0.625 / 1_000_000,
                3.50 / 1_000_000,
                3);
    }

    /** USD for one import. */
    double perImport(double transitions, double statusCalls, boolean readsHistory) {
        double invocations = statusCalls + fixedLambdaInvocations;
        double lambda = invocations * (perLambdaRequest + lambdaGb * lambdaSeconds * perGbSecond);
        double dynamo = readsHistory ? 2 * perReadUnit + 2 * perWriteUnit : 0;
        return transitions * perStateTransition + lambda + dynamo;
    }

    /** USD for one import from its counts: every invocation at the size above, items under 1 KB. */
    double usd(double transitions, double lambdaInvocations, double readUnits, double writeUnits, double apiRequests) {
        return transitions * perStateTransition
                + lambdaInvocations * (perLambdaRequest + lambdaGb * lambdaSeconds * perGbSecond)
                + readUnits * perReadUnit
                + writeUnits * perWriteUnit
                + apiRequests * perApiRequest;
    }
}
