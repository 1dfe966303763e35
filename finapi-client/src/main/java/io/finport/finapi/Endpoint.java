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
    static final Endpoint CREATE_BACKGROUND_UPDATE = new Endpoint("POST", "/api/tasks/backgroundUpdate");
    static final Endpoint GET_TASK = new Endpoint("GET", "/api/tasks/{id}");

    /** A 423 here means a run of the bank connection is already going on (not a locked user). */
    boolean locksBankConnection() {
        return pathTemplate.startsWith("/api/v2/bankConnections") || this.equals(CREATE_BACKGROUND_UPDATE);
    }

    @Override
    public String toString() {
        return method + " " + pathTemplate;
    }
}
