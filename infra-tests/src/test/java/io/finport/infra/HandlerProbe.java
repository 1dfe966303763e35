package io.finport.infra;

/**
 * Runs in a JVM whose classpath is one function's package (plus this class): builds the function's handler as the
 * Lambda runtime would (no-argument constructor) and runs its SnapStart priming, as publishing a version would.
 * Prints the number of failed priming steps; exits non-zero when the handler cannot be built or a step failed
 * (e.g. a class of an SDK module the package lacks). Depends on nothing but the JDK and the package.
 */
public final class HandlerProbe {
    private HandlerProbe() {}

    public static void main(String[] args) throws Exception {
        Object handler;
        try {
            handler = Class.forName(args[0]).getConstructor().newInstance();
        } catch (java.lang.reflect.InvocationTargetException e) {
            // e.g. "missing environment variable TOPIC_ARN": the configuration's messages name variables, not values
            System.out.println("PROBE handler=" + args[0] + " not built: " + e.getCause());
            System.exit(4);
            return;
        }
        int failed = (int) Class.forName("io.finport.workflow.snapstart.SnapStartPriming")
                .getMethod("primeRegistered")
                .invoke(null);
        System.out.println("PROBE handler=" + handler.getClass().getName() + " failedPrimingSteps=" + failed);
        System.exit(failed == 0 ? 0 : 3);
    }
}
