package io.finport.sandbox;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The finAPI endpoints the sandbox serves. The template (with {@code {id}}) is what faults and the request log use. */
enum Route {
    TOKEN("POST", "/api/v2/oauth/token"),
    CREATE_USER("POST", "/api/v2/users"),
    GET_USER("GET", "/api/v2/users"),
    DELETE_USER("DELETE", "/api/v2/users"),
    CREATE_IMPORT_WEB_FORM("POST", "/api/webForms/bankConnectionImport"),
    GET_WEB_FORM("GET", "/api/webForms/{id}"),
    WEB_FORM_PAGE("GET", "/webform/{id}"),
    UPDATE_CONNECTION("POST", "/api/v2/bankConnections/update"),
    GET_CONNECTION("GET", "/api/v2/bankConnections/{id}"),
    GET_ACCOUNTS("GET", "/api/v2/accounts"),
    GET_ACCOUNT("GET", "/api/v2/accounts/{id}"),
    CREATE_BACKGROUND_UPDATE("POST", "/api/tasks/backgroundUpdate"),
    GET_TASK("GET", "/api/tasks/{id}");

    private final String method;
    private final String template;
    private final Pattern pattern;

    Route(String method, String template) {
        this.method = method;
        this.template = template;
        this.pattern = Pattern.compile(Pattern.quote(template).replace("{id}", "\\E([^/]+)\\Q"));
    }

    String method() {
        return method;
    }

    String template() {
        return template;
    }

    /** Web Form 2.0's API (as opposed to Access V2): its errors have Web Form's shape. */
    boolean isWebFormApi() {
        return template.startsWith("/api/webForms") || template.startsWith("/api/tasks");
    }

    /** "METHOD /template", the form used in a fault's {@code request} field. */
    String request() {
        return method + " " + template;
    }

    static Optional<Route> fromRequest(String request) {
        for (Route r : values()) {
            if (r.request().equals(request.trim().replaceAll("\\s+", " "))) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    record Match(Route route, String id) {}

    /**
     * Finds the route for a request. Literal paths win over templates, so {@code /bankConnections/update} is never
     * read as a connection id.
     */
    static Optional<Match> match(String method, String path) {
        Match byTemplate = null;
        for (Route r : values()) {
            if (!r.method.equals(method)) {
                continue;
            }
            Matcher m = r.pattern.matcher(path);
            if (m.matches()) {
                if (m.groupCount() == 0) {
                    return Optional.of(new Match(r, null));
                }
                if (byTemplate == null && !isLiteralPathOfAnotherRoute(path)) {
                    byTemplate = new Match(r, m.group(1));
                }
            }
        }
        return Optional.ofNullable(byTemplate);
    }

    /** True when some route (any method) serves this path; used to answer 405 instead of 404. */
    static boolean knownPath(String path) {
        for (Route r : values()) {
            if (r.pattern.matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLiteralPathOfAnotherRoute(String path) {
        for (Route r : values()) {
            if (!r.template.contains("{") && r.template.equals(path)) {
                return true;
            }
        }
        return false;
    }
}
