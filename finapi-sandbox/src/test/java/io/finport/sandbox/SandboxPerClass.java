package io.finport.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/** One sandbox per test class and a fresh finAPI user (its token) per test, for the API tests that need nothing else. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SandboxPerClass {
    protected FinapiSandbox sandbox;
    protected SandboxClient client;
    protected String token;

    @BeforeAll
    void startSandbox() {
        sandbox = FinapiSandbox.start(SandboxOptions.defaults().withLogRequests(false));
        client = new SandboxClient(sandbox.baseUrl());
    }

    @AfterAll
    void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void freshUser() throws Exception {
        if (resetsBetweenTests()) sandbox.reset();
        token = client.userToken();
    }

    /** Whether each test starts from an empty sandbox (scenarios and faults of the previous test gone). */
    protected boolean resetsBetweenTests() {
        return false;
    }
}
