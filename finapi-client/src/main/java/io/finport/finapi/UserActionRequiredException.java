package io.finport.finapi;

/**
 * The end user has to act before finAPI can continue: 510 (multi-step authentication / SCA), error code
 * WEB_FORM_REQUIRED, or 422 INVALID_CONSENT (expired PSD2 consent).
 */
public class UserActionRequiredException extends FinapiException {

    private static final long serialVersionUID = 1L;

    public static final String REASON_WEB_FORM_REQUIRED = "WEB_FORM_REQUIRED";
    public static final String REASON_INVALID_CONSENT = "INVALID_CONSENT";
    public static final String REASON_MULTI_STEP_AUTHENTICATION = "MULTI_STEP_AUTHENTICATION";

    private final String reason;
    private final String multiStepAuthenticationStatus;

    public UserActionRequiredException(
            int httpStatus,
            String errorCode,
            String endpoint,
            String requestId,
            String finapiMessage,
            String multiStepAuthenticationStatus) {
        this(
                httpStatus,
                errorCode,
                endpoint,
                requestId,
                finapiMessage,
                safeCode(multiStepAuthenticationStatus),
                reasonFor(httpStatus, safeCode(errorCode), safeCode(multiStepAuthenticationStatus)));
    }

    private UserActionRequiredException(
            int httpStatus,
            String errorCode,
            String endpoint,
            String requestId,
            String finapiMessage,
            String msaStatus,
            String reason) {
        super(
                "finAPI requires user action",
                httpStatus,
                errorCode,
                endpoint,
                requestId,
                finapiMessage,
                "reason=" + reason,
                null);
        this.reason = reason;
        this.multiStepAuthenticationStatus = msaStatus;
    }

    /**
     * Why the user must act: {@code MULTI_STEP_AUTHENTICATION:<status>} (e.g.
     * {@code MULTI_STEP_AUTHENTICATION:REDIRECT_REQUIRED}), {@code WEB_FORM_REQUIRED} or {@code INVALID_CONSENT}.
     */
    public String reason() {
        return reason;
    }

    /** {@code errors[0].multiStepAuthentication.status} of a 510, null otherwise. */
    public String multiStepAuthenticationStatus() {
        return multiStepAuthenticationStatus;
    }

    private static String reasonFor(int httpStatus, String errorCode, String msaStatus) {
        if (REASON_WEB_FORM_REQUIRED.equals(errorCode)) {
            return REASON_WEB_FORM_REQUIRED;
        }
        if (httpStatus == 510) {
            return msaStatus == null
                    ? REASON_MULTI_STEP_AUTHENTICATION
                    : REASON_MULTI_STEP_AUTHENTICATION + ":" + msaStatus;
        }
        if (REASON_INVALID_CONSENT.equals(errorCode)) {
            return REASON_INVALID_CONSENT;
        }
        return errorCode != null ? errorCode : "HTTP_" + httpStatus;
    }
}
