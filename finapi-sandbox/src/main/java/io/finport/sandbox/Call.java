package io.finport.sandbox;

/** Per-request context: the request plus who is calling once authenticated (for error bodies' authContext). */
final class Call {
    final ApiRequest r;
    String userId;
    boolean authenticated;

    Call(ApiRequest r) {
        this.r = r;
    }
}
