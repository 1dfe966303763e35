package io.finport.workflow.snapstart;

import io.finport.domain.AccountInterfaceSnapshot;
import io.finport.domain.AccountSnapshot;
import io.finport.domain.ConnectionSnapshot;
import io.finport.domain.ImportStatus;
import io.finport.domain.ImportType;
import io.finport.domain.Outcome;
import io.finport.domain.OutcomeClassifier;
import io.finport.domain.UpdateResultSnapshot;
import io.finport.finapi.ResponsePriming;
import io.finport.finapi.UpdateStatus;
import io.finport.workflow.api.ImportApi;
import io.finport.workflow.api.ImportApi.ApiRequest;
import io.finport.workflow.api.ImportJson;
import io.finport.workflow.aws.SdkModule;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.notify.OutcomeNotifier;
import io.finport.workflow.service.FailureClassifier;
import io.finport.workflow.store.AccountItem;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore.ImportView;
import io.finport.workflow.task.TaskCodec;
import io.finport.workflow.task.TaskIo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: before the snapshot is taken, runs the workflow's CPU-only code paths once (Jackson on the task
 * records and finAPI models, the outcome classifier, the API's rendering and validation, the SNS message), so a
 * restored sandbox starts with those classes loaded and initialised. Nothing here opens a connection, reads a secret
 * or writes anything: every input is synthetic and every call stops before the store, finAPI or an SDK client.
 * After a restore, cached tokens, secrets and passwords are dropped, because they may be stale in another sandbox.
 */
public final class SnapStartPriming implements Resource {
    private static final StructuredLog LOG = StructuredLog.of(SnapStartPriming.class);
    /** finAPI's updateStatus and categorizationStatus of a finished run. */
    private static final String READY = UpdateStatus.READY.name();
    /** Strong reference: CRaC contexts hold their resources weakly. */
    private static SnapStartPriming registered;

    private final Target workflow;
    private final Runnable forgetCredentials;

    SnapStartPriming(Target workflow, Runnable forgetCredentials) {
        this.workflow = workflow;
        this.forgetCredentials = forgetCredentials;
    }

    /**
     * What priming uses of a container's services (the composition root provides them); an interface, so this package
     * does not depend on the composition root that registers it.
     */
    public interface Target {
        FailureClassifier failures();

        /** The import API if this function's handler built it (priming never builds one). */
        Optional<ImportApi> apiIfBuilt();

        void buildClients();

        void forgetCachedCredentials();
    }

    /** Registers the hook for this container's workflow with the global CRaC context; later calls do nothing. */
    public static synchronized void register(Target workflow) {
        if (registered == null) {
            registered = new SnapStartPriming(workflow, workflow::forgetCachedCredentials);
            Core.getGlobalContext().register(registered);
        }
    }

    /**
     * Runs the registered hook's priming now, as the snapshot would: the deploy check runs it in each function's own
     * package. Returns the number of failed steps, or -1 when no hook is registered.
     */
    public static int primeRegistered() {
        SnapStartPriming hook = registered();
        return hook == null ? -1 : hook.prime();
    }

    /** The registered hook, or null (for tests and diagnostics). */
    static synchronized SnapStartPriming registered() {
        return registered;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        int failed = prime();
        LOG.info("snapstart priming done", "failedSteps", failed);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        forgetCredentials.run();
    }

    /** Runs every priming step; a failing step is logged (by type only) and skipped, never blocks the snapshot. */
    int prime() {
        int failed = 0;
        failed += step("task records", SnapStartPriming::taskRecords);
        failed += step("finAPI models", SnapStartPriming::finapiModels);
        failed += step("outcome classifier", SnapStartPriming::classify);
        failed += step(
                "failure classifier",
                () -> workflow.failures()
                        .classify(new TaskIo.TaskError(
                                "io.finport.finapi.FinapiTransientException", "{\"errorMessage\":\"priming\"}")));
        // The API and the SNS message only where the package holds their SDK module (the API and Notify functions).
        if (SdkModule.SFN.packaged()) {
            failed += step(
                    "API rendering", () -> ImportJson.render(syntheticView()).toString());
        }
        // Only where the handler built the import API (not the refresh API's function, which has no import state
        // machine).
        ImportApi api = workflow.apiIfBuilt().orElse(null);
        if (api != null) failed += step("API validation", () -> rejectedRequests(api));
        if (SdkModule.SNS.packaged()) {
            failed += step(
                    "SNS message", () -> OutcomeNotifier.build(syntheticView()).envelope());
        }
        failed += step("SDK clients", () -> {
            workflow.buildClients();
            return null;
        });
        return failed;
    }

    private static int step(String name, Supplier<?> action) {
        try {
            action.get();
            return 0;
        } catch (RuntimeException | LinkageError e) {
            LOG.warn(
                    "snapstart priming step failed",
                    "step",
                    name,
                    "error",
                    e.getClass().getName());
            return 1;
        }
    }

    /** Every task input and output through the handlers' codec, both ways. */
    private static Object taskRecords() {
        String id = "imp-000000000000000000000000";
        List<Object> values = new ArrayList<>();
        values.add(readTask("{\"importId\":\"" + id + "\",\"executionName\":\"priming\"}", TaskIo.ImportTask.class));
        values.add(readTask(
                "{\"importId\":\"" + id + "\",\"executionName\":\"priming\",\"attempt\":1}",
                TaskIo.CheckStatusTask.class));
        values.add(readTask("{\"state\":\"WAITING\",\"attempt\":1,\"nextWaitSeconds\":5}", TaskIo.PollResult.class));
        values.add(readTask(
                "{\"importId\":\"" + id + "\",\"executionName\":\"priming\",\"state\":\"READY\"}",
                TaskIo.RecordOutcomeTask.class));
        values.add(readTask(
                "{\"outcome\":\"SUCCEEDED\",\"unexpected\":false,\"messageId\":\"priming\",\"alreadyNotified\":false}",
                TaskIo.RecordedAndNotified.class));
        values.add(readTask(
                "{\"importId\":\"" + id + "\",\"executionName\":\"priming\",\"error\":{\"Error\":\"States.Timeout\","
                        + "\"Cause\":\"priming\"}}",
                TaskIo.RecordFailureTask.class));
        values.add(readTask("{\"outcome\":\"FAILED\",\"unexpected\":true}", TaskIo.FailureResult.class));
        values.add(readTask("{\"messageId\":\"priming\",\"alreadyNotified\":false}", TaskIo.NotifyResult.class));
        for (Object value : values) writeTask(value);
        return values;
    }

    /** finAPI's response records read as the client reads them (JSON tree, then the hand-written reader). */
    private static Object finapiModels() {
        return ResponsePriming.readSyntheticResponses();
    }

    private static Object classify() {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        ConnectionSnapshot connection =
                new ConnectionSnapshot(READY, READY, false, new UpdateResultSnapshot("OK", null, at), null);
        List<AccountSnapshot> accounts = List.of(
                new AccountSnapshot(1, List.of(new AccountInterfaceSnapshot("XS2A", "UPDATED", at, at)), null),
                new AccountSnapshot(2, List.of(new AccountInterfaceSnapshot("XS2A", "UPDATED_FIXED", at, at)), null),
                new AccountSnapshot(
                        3, List.of(new AccountInterfaceSnapshot("XS2A", "DOWNLOAD_FAILED", at, null)), null));
        OutcomeClassifier classifier = new OutcomeClassifier();
        classifier.classify(ImportType.UPDATE, connection, accounts, false);
        return classifier.classify(ImportType.IMPORT, connection, accounts, true);
    }

    /** Requests the API rejects before it reads the store: bad body, bad import id, unknown route. */
    private static Object rejectedRequests(ImportApi api) {
        Map<String, String> headers = Map.of("content-type", "application/json", "idempotency-key", "priming");
        List<Object> responses = new ArrayList<>();
        responses.add(api.handle(new ApiRequest(
                "POST",
                "/imports",
                "/imports",
                headers,
                Map.of(),
                "{\"type\":\"UPDATE\",\"bankConnectionId\":1}",
                "priming",
                "v1")));
        responses.add(api.handle(new ApiRequest(
                "GET", "/imports/{importId}", "/imports/x", Map.of(), Map.of("importId", "x"), null, "priming", "v1")));
        responses.add(api.handle(
                new ApiRequest("DELETE", "/imports", "/imports", Map.of(), Map.of(), null, "priming", "v1")));
        return responses;
    }

    static ImportView syntheticView() {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        ImportRecord finished = new ImportRecord(
                "imp-000000000000000000000000",
                ImportType.UPDATE,
                ImportStatus.COMPLETED,
                2L,
                1L,
                new ImportRecord.Request("priming", "priming", "XS2A", null, false, "priming", at),
                null,
                new ImportRecord.Progress(at, false, 2, READY, READY, at, 0L, true, List.of(10), List.of(12)),
                new ImportRecord.Result(null, null, Outcome.PARTIALLY_FAILED, List.of(), "priming", 2, at, at),
                null);
        return new ImportView(
                finished,
                List.of(
                        new AccountItem(
                                1, "Konto", "Checking", "DE89 **** **** **** **30 00", "EUR", "UPDATED", "XS2A", false),
                        new AccountItem(2, "Tagesgeld", "Savings", null, "EUR", "DOWNLOAD_FAILED", "XS2A", false)));
    }

    /** Through the handlers' own codec ({@link TaskCodec}), as an invocation reads its task. */
    private static <T> T readTask(String json, Class<T> type) {
        try {
            return TaskCodec.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), type);
        } catch (IOException e) {
            throw new IllegalStateException("priming input is not valid for " + type.getSimpleName());
        }
    }

    private static void writeTask(Object value) {
        try {
            TaskCodec.write(new ByteArrayOutputStream(), value);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "priming value could not be written: " + value.getClass().getSimpleName());
        }
    }
}
