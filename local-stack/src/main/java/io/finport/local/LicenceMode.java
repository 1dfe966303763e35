package io.finport.local;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which finAPI licence mode (template parameter FinapiMandatorLicence) a scenario runs in locally, unless
 * {@code ./run-local --licence} says otherwise: a scenario with a {@code task} block describes Web Form 2.0's
 * background update (UNLICENSED); any other UPDATE describes Access's update (LICENSED); IMPORT and TRACK work the
 * same in both and run in the production default, UNLICENSED.
 */
public final class LicenceMode {
    public static final String UNLICENSED = "UNLICENSED";
    public static final String LICENSED = "LICENSED";

    private LicenceMode() {}

    public static String forScenario(JsonNode scenario) {
        if (scenario.has("task")) return UNLICENSED;
        return "UPDATE".equals(scenario.path("type").asText()) ? LICENSED : UNLICENSED;
    }

    /** True when the scenario means the same in both modes (IMPORT, TRACK). */
    public static boolean appliesToBoth(JsonNode scenario) {
        return !"UPDATE".equals(scenario.path("type").asText());
    }

    static String require(String licence) {
        if (!UNLICENSED.equals(licence) && !LICENSED.equals(licence)) {
            throw new IllegalArgumentException("licence must be UNLICENSED or LICENSED");
        }
        return licence;
    }
}
