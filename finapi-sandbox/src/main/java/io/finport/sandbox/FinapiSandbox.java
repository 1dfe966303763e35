package io.finport.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A running finAPI sandbox: one HTTP server that plays finAPI Access V2 and Web Form 2.0, driven by scenarios.
 *
 * <pre>{@code
 * try (FinapiSandbox sandbox = FinapiSandbox.start(SandboxOptions.defaults())) {
 *   RegisteredScenario s = sandbox.register(Path.of("scenarios/update-two-accounts.json"));
 *   // point the finAPI client at sandbox.baseUrl() and update s.bankConnectionId()
 * }
 * }</pre>
 */
public final class FinapiSandbox implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final SandboxState state;
    private final URI baseUrl;

    private FinapiSandbox(HttpServer server, ExecutorService executor, SandboxState state, URI baseUrl) {
        this.server = server;
        this.executor = executor;
        this.state = state;
        this.baseUrl = baseUrl;
    }

    public static FinapiSandbox start(SandboxOptions options) {
        ObjectMapper mapper = new ObjectMapper();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind finAPI sandbox to " + options.host() + ":" + options.port(), e);
        }
        int port = server.getAddress().getPort();
        SandboxState state = new SandboxState(options.withPort(port));
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.createContext(
                "/", new SandboxHttpHandler(state, mapper, options.clock(), options.logRequests() ? System.err : null));
        server.setExecutor(executor);
        server.start();
        String host = options.host().equals("0.0.0.0") || options.host().equals("::") ? "localhost" : options.host();
        return new FinapiSandbox(server, executor, state, URI.create("http://" + host + ":" + port));
    }

    /** Loopback, free port, default client credentials. */
    public static FinapiSandbox start() {
        return start(SandboxOptions.defaults());
    }

    /** Base URL for both the Access API and the Web Form API, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** Registers a scenario given as JSON; throws {@link ScenarioValidationException} naming the bad field. */
    public RegisteredScenario register(String scenarioJson) {
        return state.register(ScenarioParser.parse(scenarioJson));
    }

    /** Registers a scenario given as JSON; without a {@code name} it is called {@code defaultName}. */
    public RegisteredScenario register(String scenarioJson, String defaultName) {
        return state.register(ScenarioParser.parse(scenarioJson, defaultName));
    }

    /** Registers a scenario file; its name defaults to the file name without {@code .json}. */
    public RegisteredScenario register(Path scenarioFile) {
        try {
            return register(Files.readString(scenarioFile), ScenarioFile.defaultName(scenarioFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario " + scenarioFile, e);
        } catch (ScenarioValidationException e) {
            throw new ScenarioValidationException(
                    e.field(), e.getMessage().substring(e.field().length() + 2) + " (in " + scenarioFile + ")");
        }
    }

    /** Live state of a scenario, or null if unknown. */
    public ScenarioState scenario(String scenarioId) {
        return state.scenarioState(scenarioId);
    }

    /** Removes a scenario with its bank, connections, accounts, web forms and faults. */
    public boolean deregister(String scenarioId) {
        return state.deregister(scenarioId);
    }

    /** All finAPI requests answered so far, oldest first (admin calls are not recorded). */
    public List<RecordedRequest> requests() {
        return state.requests(null);
    }

    public List<RecordedRequest> requests(String scenarioId) {
        return state.requests(scenarioId);
    }

    /** How many recorded requests hit an endpoint, e.g. {@code count("GET", "/api/v2/bankConnections/{id}")}. */
    public long count(String method, String template) {
        return state.requests(null).stream()
                .filter(r -> r.method().equals(method) && template.equals(r.template()))
                .count();
    }

    /** finAPI update calls for one bank connection, whoever's token made them (answered or refused). */
    public long updateCalls(long bankConnectionId) {
        return state.requests(null).stream()
                .filter(r -> r.isUpdateOf(bankConnectionId))
                .count();
    }

    /** finAPI users created so far (201 answers to {@code POST /api/v2/users}). */
    public long usersCreated() {
        return state.requests(null).stream()
                .filter(RecordedRequest::isUserCreated)
                .count();
    }

    /** finAPI users deleted so far (200 answers to {@code DELETE /api/v2/users}). */
    public long usersDeleted() {
        return state.requests(null).stream()
                .filter(RecordedRequest::isUserDeleted)
                .count();
    }

    /** The finAPI user that owns a bank connection, or null while nobody has imported or adopted it. */
    public String connectionOwner(long bankConnectionId) {
        return state.connectionOwner(bankConnectionId);
    }

    /** Web Form 2.0 callbacks sent (or dropped) so far, in the order they ended; URLs are not kept. */
    public List<SentCallback> callbacks() {
        return state.callbacks().sent();
    }

    /** Every callback URL clients registered (they hold the clients' secret tokens: for leak checks only). */
    public List<String> registeredCallbackUrls() {
        return state.callbacks().registeredUrls();
    }

    /** The access and refresh tokens the sandbox holds (they are secrets: for leak checks only). */
    public Set<String> issuedTokens() {
        return state.issuedTokens();
    }

    public void clearRequests() {
        state.clearRequests();
    }

    /** Forgets scenarios, users, tokens and the request log. Ids keep counting up, so stale ids never alias. */
    public void reset() {
        state.reset();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        state.callbacks().close();
    }
}
