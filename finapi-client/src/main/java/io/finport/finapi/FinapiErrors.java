package io.finport.finapi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** Maps a non-2xx finAPI answer (Access or Web Form) to the typed exception the workflow routes on. */
final class FinapiErrors {

    private final Clock clock;

    FinapiErrors(Clock clock) {
        this.clock = clock;
    }

    FinapiException map(
            int status, Map<String, List<String>> headers, byte[] body, Endpoint endpoint, String requestId) {
        ErrorBody error = ErrorBody.parse(body);
        String code = error.code();
        String where = endpoint.toString();
        if (UserActionRequiredException.REASON_WEB_FORM_REQUIRED.equals(code)
                || status == 510
                || status == 422 && UserActionRequiredException.REASON_INVALID_CONSENT.equals(code)) {
            return new UserActionRequiredException(
                    status, code, where, requestId, error.message(), error.multiStepAuthenticationStatus());
        }
        if (status == 401) {
            return new FinapiAuthenticationException(status, code, where, requestId, error.message());
        }
        if (status == 423 && endpoint.locksBankConnection()) {
            return new BankConnectionLockedException(status, code, where, requestId, error.message());
        }
        if (status == 429 || status >= 500 && status != 501) {
            return new FinapiTransientException(
                    status, code, where, requestId, error.message(), retryAfter(headers), null);
        }
        if (status >= 400) {
            return new FinapiBusinessException(status, code, where, requestId, error.message(), error.field());
        }
        return new FinapiResponseException(status, where, requestId, "unexpected HTTP status");
    }

    /** Retry-After is either delta-seconds or an HTTP date; anything else is ignored. */
    private Duration retryAfter(Map<String, List<String>> headers) {
        List<String> values = headers == null ? null : headers.get("Retry-After");
        String value = values == null || values.isEmpty() || values.get(0) == null
                ? null
                : values.get(0).trim();
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (RuntimeException notDate) {
                return null;
            }
        }
    }
}
