package io.finport.workflow.refresh;

import io.finport.workflow.store.StoreUnavailableException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Refresh manifests in S3: {@code refreshes/<refreshId>/manifest.json}, the Distributed Map's item list (a JSON array
 * of ids); the Map's ResultWriter puts its files under {@code results/}. The bucket encrypts
 * and expires them (template.yaml RefreshBucket).
 */
public class ManifestStore {
    private final Supplier<S3Client> s3;
    private final String bucket;

    public ManifestStore(Supplier<S3Client> s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public record Location(String bucket, String key) {
        public String uri() {
            return "s3://" + bucket + "/" + key;
        }
    }

    public Location manifest(String refreshId) {
        return new Location(bucket, "refreshes/" + refreshId + "/manifest.json");
    }

    public Location write(String refreshId, byte[] json) {
        Location location = manifest(refreshId);
        try {
            s3.get()
                    .putObject(
                            b -> b.bucket(bucket).key(location.key()).contentType("application/json"),
                            RequestBody.fromBytes(json));
        } catch (SdkException e) {
            throw new StoreUnavailableException("writeManifest", e);
        }
        return location;
    }
}
