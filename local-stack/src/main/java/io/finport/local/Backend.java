package io.finport.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Where run-local runs a scenario: moto with the handlers in this JVM (starts in seconds), or the stack that
 * scripts/localstack deployed to LocalStack through CloudFormation (attach mode; the run-local script starts and
 * deploys it and passes FINPORT_STACK_NAME, AWS_ENDPOINT_URL and FINPORT_SANDBOX_PORT).
 */
enum Backend {
    MOTO,
    LOCALSTACK;

    static java.util.Optional<Backend> named(String name) {
        return switch (name) {
            case "moto" -> java.util.Optional.of(MOTO);
            case "localstack" -> java.util.Optional.of(LOCALSTACK);
            default -> java.util.Optional.empty();
        };
    }

    LocalStack open(Path root, LocalStack.Options options) throws IOException {
        if (this == MOTO) return LocalStack.start(options);
        return LocalStack.attach(
                root,
                required("FINPORT_STACK_NAME"),
                "127.0.0.1",
                Integer.parseInt(required("FINPORT_SANDBOX_PORT")),
                URI.create(required("AWS_ENDPOINT_URL")));
    }

    String starting() {
        return this == MOTO
                ? "Starting the local stack (finAPI sandbox, moto, Lambda handlers) ..."
                : "Attaching to the stack deployed on LocalStack (finAPI sandbox in this JVM, Lambdas in LocalStack) ...";
    }

    String ready() {
        return this == MOTO ? "Local stack up" : "Attached to stack " + System.getenv("FINPORT_STACK_NAME");
    }

    String endpoint(LocalStack stack) {
        return this == MOTO ? "moto " + stack.motoEndpoint() : "LocalStack " + System.getenv("AWS_ENDPOINT_URL");
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    name + " is not set: start the LocalStack backend with ./run-local --backend localstack");
        }
        return value;
    }
}
