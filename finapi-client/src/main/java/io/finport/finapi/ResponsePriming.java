package io.finport.finapi;

import java.util.List;

/** SnapStart priming of the client's response reading: runs the real parsing path on synthetic answers. */
public final class ResponsePriming {
    private ResponsePriming() {}

    /**
     * Reads a synthetic connection and account the way responses are read (JSON tree, then the model records),
     * opening no connection: SnapStart priming of the parsing path.
     */
    public static List<Object> readSyntheticResponses() {
        try {
            BankConnection connection = ModelReader.bankConnection(
                    JsonTrees.read("{\"id\":1,\"bank\":{\"id\":2,\"name\":\"Priming Bank\"},\"updateStatus\":\"READY\","
                            + "\"categorizationStatus\":\"READY\",\"accountIds\":[3],\"interfaces\":[{"
                            + "\"bankingInterface\":\"XS2A\",\"lastManualUpdate\":{\"result\":\"OK\","
                            + "\"timestamp\":\"2026-01-01T00:00:00.000+01:00\"}}]}"));
            Account account = ModelReader.account(JsonTrees.read(
                    "{\"id\":3,\"bankConnectionId\":1,\"accountName\":\"Konto\",\"accountCurrency\":\"EUR\","
                            + "\"accountType\":\"Checking\",\"balance\":1.50,\"interfaces\":[{"
                            + "\"bankingInterface\":\"XS2A\",\"status\":\"UPDATED\","
                            + "\"lastUpdateAttempt\":\"2026-01-01T00:00:00.000+01:00\"}]}"));
            ErrorBody.parse("{\"errors\":[{\"code\":\"PRIMING\",\"message\":\"priming\"}]}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return List.of(connection, account);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("priming documents are not JSON", e);
        }
    }
}
