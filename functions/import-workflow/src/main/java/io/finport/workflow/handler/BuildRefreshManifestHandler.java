package io.finport.workflow.handler;

import io.finport.workflow.Workflow;
import io.finport.workflow.refresh.ManifestBuilder;
import io.finport.workflow.refresh.ManifestBuilder.Manifest;
import io.finport.workflow.task.RefreshTaskIo.BuildManifestTask;

/** Refresh task "Build manifest": lists the connections in scope, applies the skip rules, writes the manifest to S3. */
public class BuildRefreshManifestHandler extends TaskHandler<BuildManifestTask, Manifest> {
    private final ManifestBuilder manifests;

    public BuildRefreshManifestHandler() {
        this(Workflow.fromEnvironment().refreshes().manifests());
    }

    public BuildRefreshManifestHandler(ManifestBuilder manifests) {
        super(BuildManifestTask.class);
        this.manifests = manifests;
    }

    @Override
    protected Manifest handle(BuildManifestTask task) {
        return manifests.build(task.refreshId());
    }
}
