package io.finport.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * moto in server mode, started from the project's virtual environment through our launcher, which forwards
 * Lambda Invoke to the in-JVM Lambda endpoint and switches Step Functions execution on.
 * The launcher exits when its stdin closes, so no moto process outlives this JVM.
 */
public final class MotoServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private MotoServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static MotoServer start(Path python, URI lambdaForwardUrl, Path logFile) throws IOException {
        Path launcher = Files.createTempFile("moto_launcher", ".py");
        launcher.toFile().deleteOnExit();
        try (InputStream in = MotoServer.class.getResourceAsStream("/local/moto_launcher.py")) {
            Files.copy(in, launcher, StandardCopyOption.REPLACE_EXISTING);
        }
        int port = freePort();
        Files.createDirectories(logFile.getParent());
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        python.toString(), launcher.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().put("MOTO_PORT", Integer.toString(port));
        builder.environment().put("LAMBDA_FORWARD_URL", lambdaForwardUrl.toString());
        builder.environment().put("AWS_DEFAULT_REGION", LocalStack.REGION);
        builder.environment().put("AWS_ACCESS_KEY_ID", "local");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "local");
        Process process = builder.start();
        MotoServer server = new MotoServer(process, port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        server.awaitReady(Duration.ofSeconds(60), logFile);
        return server;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private void awaitReady(Duration timeout, Path logFile) throws IOException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("moto exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(endpoint().resolve("/moto-api/"))
                                .timeout(Duration.ofSeconds(2))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for moto");
            }
            if (!Pause.sleep(Duration.ofMillis(100))) throw new IOException("interrupted while waiting for moto");
        }
        close();
        throw new IOException("moto did not start within " + timeout.toSeconds() + " s; see " + logFile);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                process.getOutputStream().close(); // the launcher exits on EOF
            } catch (IOException ignored) {
                // fall through to destroy
            }
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
