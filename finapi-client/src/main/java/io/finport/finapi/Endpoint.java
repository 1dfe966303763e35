package io.finport.finapi;

/** HTTP method plus path template (ids replaced by {id}); used in exception messages and logs. */
record Endpoint(String method, String pathTemplate) {

    static final Endpoint TOKEN = new Endpoint("POST", "/api/v2/oauth/token");
    static final Endpoint CREATE_USER = new Endpoint("POST", "/api/v2/users");
    static final Endpoint DELETE_USER = new Endpoint("DELETE", "/api/v2/users");
    static final Endpoint CREATE_IMPORT_WEB_FORM = new Endpoint("POST", "/api/webForms/bankConnectionImport");
    static final Endpoint GET_WEB_FORM = new Endpoint("GET", "/api/webForms/{id}");
    static final Endpoint UPDATE_BANK_CONNECTION = new Endpoint("POST", "/api/v2/bankConnections/update");
    static final Endpoint GET_BANK_CONNECTION = new Endpoint("GET", "/api/v2/bankConnections/{id}");
    static final Endpoint GET_ACCOUNTS = new Endpoint("GET", "/api/v2/accounts");

    boolean isBankConnectionEndpoint() {
        return pathTemplate.startsWith("/api/v2/bankConnections");
    }

    @Override
    public String toString() {
        return method + " " + pathTemplate;
    }
}
