/**
 * Stands in for LocalStack's DynamoDB Local patch agent (a download from GitHub, which these machines cannot reach).
 * The patch only lifts DynamoDB Local's limit of 20 global secondary indexes; our table has none.
 */
public final class NoopAgent {
    private NoopAgent() {}

    public static void premain(String args) {
        // nothing to patch
    }
}
