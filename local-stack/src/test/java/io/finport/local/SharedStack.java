package io.finport.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * One local stack for all end-to-end test classes of this JVM (starting moto and deploying takes a few seconds).
 * It closes when the JVM exits; moto also exits on its own when this JVM's pipe to it closes.
 * <p>
 * With FINPORT_STACK_NAME set, the tests instead attach to that stack deployed on LocalStack or AWS (see README,
 * "Testing against LocalStack or AWS"); tests that need the in-JVM handlers are then skipped, and say so.
 */
public final class SharedStack {
    private static LocalStack stack;

    private SharedStack() {}

    /** True when the tests attach to a deployed stack (FINPORT_STACK_NAME) instead of starting their own. */
    public static boolean attached() {
        String stackName = System.getenv("FINPORT_STACK_NAME");
        return stackName != null && !stackName.isBlank();
    }

    public static synchronized LocalStack get() {
        if (stack == null) {
            try {
                stack = !attached()
                        ? LocalStack.start(LocalStack.Options.defaults(repoRoot()))
                        : LocalStack.attach(
                                repoRoot(),
                                System.getenv("FINPORT_STACK_NAME"),
                                System.getenv().getOrDefault("FINPORT_SANDBOX_HOST", "127.0.0.1"),
                                Integer.parseInt(System.getenv().getOrDefault("FINPORT_SANDBOX_PORT", "8090")),
                                System.getenv("AWS_ENDPOINT_URL") == null
                                        ? null
                                        : java.net.URI.create(System.getenv("AWS_ENDPOINT_URL")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
        }
        return stack;
    }

    static Path repoRoot() {
        return LocalStack.repoRoot();
    }
}
