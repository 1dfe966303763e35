package io.finport.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.finport.workflow.Workflow;
import io.finport.workflow.aws.AwsClients;
import io.finport.workflow.callback.CallbackConfig;
import io.finport.workflow.config.WorkflowConfig;
import io.finport.workflow.handler.AwaitCallbackHandler;
import io.finport.workflow.handler.BuildRefreshManifestHandler;
import io.finport.workflow.handler.CheckStatusHandler;
import io.finport.workflow.handler.CompleteRefreshHandler;
import io.finport.workflow.handler.FinapiCallbackHandler;
import io.finport.workflow.handler.ImportApiHandler;
import io.finport.workflow.handler.NotifyOutcomeHandler;
import io.finport.workflow.handler.PrepareRefreshItemHandler;
import io.finport.workflow.handler.ReconcileExecutionHandler;
import io.finport.workflow.handler.RecordFailureHandler;
import io.finport.workflow.handler.RecordOutcomeHandler;
import io.finport.workflow.handler.RecordRefreshItemHandler;
import io.finport.workflow.handler.RefreshApiHandler;
import io.finport.workflow.handler.StartImportHandler;
import io.finport.workflow.refresh.RefreshConfig;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The template's handlers as the local stack runs them: all in this JVM, sharing one {@link Workflow} built from the
 * local environment, each given the services it calls (on AWS, each function's no-argument constructor builds its
 * own). A handler the template names must be listed here.
 */
final class LocalHandlers {
    private static final Map<String, Function<Workflow, RequestStreamHandler>> HANDLERS = Map.ofEntries(
            entry(ImportApiHandler.class, w -> new ImportApiHandler(w.api())),
            entry(StartImportHandler.class, w -> new StartImportHandler(w.imports())),
            entry(CheckStatusHandler.class, w -> new CheckStatusHandler(w.imports())),
            entry(RecordOutcomeHandler.class, w -> new RecordOutcomeHandler(w.imports(), w.delivery())),
            entry(RecordFailureHandler.class, w -> new RecordFailureHandler(w.imports(), w.failures())),
            entry(NotifyOutcomeHandler.class, w -> new NotifyOutcomeHandler(w.delivery())),
            entry(ReconcileExecutionHandler.class, w -> new ReconcileExecutionHandler(w.reconciler())),
            entry(AwaitCallbackHandler.class, w -> new AwaitCallbackHandler(w.callbackWaits())),
            entry(FinapiCallbackHandler.class, w -> new FinapiCallbackHandler(w.callbackReceiver())),
            entry(
                    RefreshApiHandler.class,
                    w -> new RefreshApiHandler(w.refreshes().api())),
            entry(
                    BuildRefreshManifestHandler.class,
                    w -> new BuildRefreshManifestHandler(w.refreshes().manifests())),
            entry(
                    PrepareRefreshItemHandler.class,
                    w -> new PrepareRefreshItemHandler(w.refreshes().items())),
            entry(
                    RecordRefreshItemHandler.class,
                    w -> new RecordRefreshItemHandler(w.refreshes().items())),
            entry(
                    CompleteRefreshHandler.class,
                    w -> new CompleteRefreshHandler(w.refreshes().completion())));

    private LocalHandlers() {}

    /**
     * The workflow of the local environment. moto accepts any key: the local stack picks static ones (a deployed
     * function reads its role's credentials from its environment).
     */
    static Workflow workflow(Map<String, String> env) {
        WorkflowConfig config = WorkflowConfig.fromEnvironment(env);
        AwsClients aws =
                new AwsClients(config, StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        return new Workflow(
                config,
                RefreshConfig.fromEnvironment(env),
                CallbackConfig.fromEnvironment(env),
                aws,
                Clock.systemUTC());
    }

    static RequestStreamHandler create(String handlerClass, Workflow workflow) {
        Function<Workflow, RequestStreamHandler> factory = HANDLERS.get(handlerClass);
        if (factory == null) {
            throw new IllegalStateException("template.yaml names handler " + handlerClass
                    + ", which LocalHandlers does not know: add it there");
        }
        return factory.apply(workflow);
    }

    private static Map.Entry<String, Function<Workflow, RequestStreamHandler>> entry(
            Class<? extends RequestStreamHandler> type, Function<Workflow, RequestStreamHandler> factory) {
        return Map.entry(type.getName(), factory);
    }
}
