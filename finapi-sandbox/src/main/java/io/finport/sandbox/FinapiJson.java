package io.finport.sandbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** finAPI response shapes (V2 Access and Web Form 2.0) as records, plus their timestamp formats. */
final class FinapiJson {
    /** finAPI reports German local time. */
    static final ZoneId FINAPI_ZONE = ZoneId.of("Europe/Berlin");

    private static final DateTimeFormatter V2 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(FINAPI_ZONE);
    private static final DateTimeFormatter WEB_FORM =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(FINAPI_ZONE);

    private FinapiJson() {}

    /** RFC 3339 with offset and millis, e.g. 2026-11-24T10:15:30.123+01:00 (Access V2). */
    static String v2(Instant instant) {
        return instant == null ? null : V2.format(instant);
    }

    /** yyyy-MM-dd'T'HH:mm:ss.SSSZ, e.g. 2026-11-24T10:15:30.123+0100 (Web Form 2.0). */
    static String webForm(Instant instant) {
        return instant == null ? null : WEB_FORM.format(instant);
    }

    record AccessToken(
            @JsonProperty("access_token") String accessToken,
            @JsonProperty("token_type") String tokenType,

            @JsonProperty("refresh_token") @JsonInclude(JsonInclude.Include.NON_NULL)
            String refreshToken,

            @JsonProperty("expires_in") long expiresIn,
            @JsonProperty("scope") String scope) {}

    /** finAPI's BadCredentialsError, used by the token endpoint and for 401s. */
    record OAuthError(
            @JsonProperty("error") String error,
            @JsonProperty("error_description") String errorDescription) {}

    record ErrorMessage(
            List<ErrorDetail> errors,
            String date,
            String requestId,
            String endpoint,
            String authContext,
            Object bank) {}

    record ErrorDetail(
            String message,
            String code,
            String type,
            @JsonInclude(JsonInclude.Include.NON_NULL) MultiStepAuthentication multiStepAuthentication) {}

    record MultiStepAuthentication(
            String hash,
            String status,
            String challengeMessage,
            String answerFieldLabel,
            String redirectUrl,
            String redirectContext,
            String redirectContextField,
            List<Object> twoStepProcedures,
            String photoTanMimeType,
            String photoTanData,
            String opticalData,
            boolean opticalDataAsReinerSct) {}

    record User(
            String id,
            String password,
            String email,
            String phone,
            @JsonProperty("isAutoUpdateEnabled") boolean isAutoUpdateEnabled) {}

    record WebForm(
            String id,
            String url,
            String createdAt,
            String expiresAt,
            String type,
            String status,
            WebFormPayload payload) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record WebFormPayload(Long bankConnectionId, String errorCode, String errorMessage) {}

    record Bank(
            long id,
            String name,
            String bic,
            String blz,
            String location,
            String city,
            @JsonProperty("isTestBank") boolean isTestBank,
            int popularity,
            List<Object> interfaces,
            @JsonProperty("isBeta") boolean isBeta) {}

    record BankConnection(
            long id,
            String name,
            Bank bank,
            String updateStatus,
            String categorizationStatus,
            List<BankConnectionInterface> interfaces,
            List<Long> accountIds,
            List<Object> owners) {}

    record BankConnectionInterface(
            String bankingInterface,
            List<Object> loginCredentials,
            Long defaultTwoStepProcedureId,
            List<Object> twoStepProcedures,
            AisConsent aisConsent,
            UpdateResult lastManualUpdate,
            UpdateResult lastAutoUpdate,
            boolean userActionRequired,
            Integer maxDaysForDownload) {}

    record AisConsent(String status, String expiresAt, boolean supportsImportNewAccounts) {}

    record UpdateResult(String result, String errorMessage, String errorType, String timestamp) {}

    record Account(
            long id,
            long bankConnectionId,
            String accountName,
            String iban,
            String accountNumber,
            String subAccountNumber,
            String accountHolderName,
            String accountHolderId,
            String accountCurrency,
            String accountType,
            BigDecimal balance,
            BigDecimal overdraft,
            BigDecimal overdraftLimit,
            BigDecimal availableFunds,
            @JsonProperty("isNew") boolean isNew,
            List<AccountInterface> interfaces,
            @JsonProperty("isSeized") boolean isSeized) {}

    record AccountInterface(
            String bankingInterface,
            String status,
            List<String> capabilities,
            PaymentCapabilities paymentCapabilities,
            String lastSuccessfulUpdate,
            String lastUpdateAttempt) {}

    /** Access V2 2.38's AccountInterfacePaymentCapabilities. */
    record PaymentCapabilities(
            boolean sepaInstantMoneyTransfer,
            boolean sepaFutureMoneyTransfer,
            boolean sepaFutureCollectiveMoneyTransfer,
            boolean domesticMoneyTransfer,
            boolean domesticCollectiveMoneyTransfer,
            boolean domesticFutureMoneyTransfer,
            boolean domesticFutureCollectiveMoneyTransfer) {}

    record AccountList(List<Account> accounts) {}
}
