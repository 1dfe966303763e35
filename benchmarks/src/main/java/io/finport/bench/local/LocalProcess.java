package io.finport.bench.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A local backend run as its own process on 127.0.0.1 (moto, DynamoDB Local, the finAPI sandbox), so that what the
 * benchmarks measure in their own JVM (heap, allocations) is the product's code only. Output goes to a log file;
 * closing stops the process (and its children).
 */
public final class LocalProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final URI endpoint;

    private LocalProcess(String name, Process process, URI endpoint) {
        this.name = name;
        this.process = process;
        this.endpoint = endpoint;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** moto in server mode (all AWS services the Lambdas use: DynamoDB, KMS, Secrets Manager, SNS, Step Functions). */
    public static LocalProcess moto(Path motoServer, Path logDir) throws IOException {
        if (!Files.isExecutable(motoServer)) {
            throw new IOException("no moto_server at " + motoServer + ": run scripts/setup first");
        }
        int port = freePort();
        return start(
                "moto",
                List.of(motoServer.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)),
                URI.create("http://127.0.0.1:" + port),
                "/moto-api/",
                logDir);
    }

    /** DynamoDB Local, server mode, in memory, from this JVM's classpath; nativeDir holds the sqlite4java library. */
    public static LocalProcess dynamoDbLocal(Path nativeDir, Path logDir) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                javaBinary(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-Dsqlite4java.library.path=" + nativeDir.toAbsolutePath(),
                "-cp",
                System.getProperty("java.class.path"),
                "software.amazon.dynamodb.services.local.main.ServerRunner",
                "-inMemory",
                "-disableTelemetry",
                "-port",
                Integer.toString(port)));
        return start("dynamodb-local", command, URI.create("http://127.0.0.1:" + port), "/", logDir);
    }

    /** The finAPI sandbox (SandboxMain), registered with scenarios through its admin API. */
    public static LocalProcess sandbox(Path logDir) throws IOException {
        int port = freePort();
        List<String> command = List.of(
                javaBinary(),
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                "io.finport.sandbox.SandboxMain",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port));
        return start("finapi-sandbox", command, URI.create("http://127.0.0.1:" + port), "/sandbox/scenarios", logDir);
    }

    static LocalProcess start(String name, List<String> command, URI endpoint, String readyPath, Path logDir)
            throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("AWS_ACCESS_KEY_ID", "local");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "local");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        LocalProcess started = new LocalProcess(name, builder.start(), endpoint);
        Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        started.awaitReady(endpoint.resolve(readyPath), Duration.ofSeconds(90), log);
        return started;
    }

    private void awaitReady(URI url, Duration timeout, Path log) throws IOException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                http.send(
                        HttpRequest.newBuilder(url)
                                .timeout(Duration.ofSeconds(2))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                return; // any HTTP answer means it is listening
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + name);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + name);
            }
        }
        close();
        throw new IOException(name + " did not start within " + timeout.toSeconds() + " s; see " + log);
    }

    @Override
    public void close() {
        if (!process.isAlive()) return;
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
