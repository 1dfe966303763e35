package io.finport.sandbox;

import java.time.Instant;

/**
 * One Web Form 2.0 callback of the sandbox: what it was about and what became of it.
 *
 * @param kind      {@code webForm.finalised}, {@code task.finalised} or {@code task.webFormRequired}
 * @param subjectId the web form's or task's id
 * @param status    the web form's or task's status when it was sent
 * @param outcome   {@code SENT <http status>}, {@code DROPPED} (scenario switch) or {@code FAILED} (no answer)
 */
public record SentCallback(String kind, String subjectId, String status, String outcome, Instant at) {}
