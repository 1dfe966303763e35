package io.finport.workflow.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallerIdentityTest {

    @ParameterizedTest
    @CsvSource({
        "arn:aws:sts::123456789012:assumed-role/Worker/session-1, arn:aws:iam::123456789012:role/Worker",
        "arn:aws:sts::123456789012:assumed-role/Worker/i-0abc/with/slashes, arn:aws:iam::123456789012:role/Worker",
        "arn:aws-cn:sts::123456789012:assumed-role/Worker/s, arn:aws-cn:iam::123456789012:role/Worker",
        "arn:aws:iam::123456789012:user/ops/alice, arn:aws:iam::123456789012:user/ops/alice",
        "AROAEXAMPLEID123:session-7, AROAEXAMPLEID123",
        "AIDAEXAMPLEUSER, AIDAEXAMPLEUSER",
        "3f2b6c1e-8a9d-4e5f-b0c1-d2e3f4a5b6c7, 3f2b6c1e-8a9d-4e5f-b0c1-d2e3f4a5b6c7",
        "tenant-42|user-7, tenant-42|user-7"
    })
    void of_normalizesThePrincipalWithoutItsSession(String raw, String expected) {
        assertThat(CallerIdentity.of(raw).principal()).isEqualTo(expected);
    }

    @Test
    void key_isTheSameForEverySessionOfOneRoleAndDiffersBetweenRoles() {
        CallerIdentity one = CallerIdentity.of("arn:aws:sts::123456789012:assumed-role/Worker/session-1");
        CallerIdentity two = CallerIdentity.of("arn:aws:sts::123456789012:assumed-role/Worker/session-2");
        CallerIdentity other = CallerIdentity.of("arn:aws:sts::123456789012:assumed-role/Other/session-1");

        assertThat(one.key()).isEqualTo(two.key()).matches("[0-9a-f]{32}").doesNotContain("Worker");
        assertThat(other.key()).isNotEqualTo(one.key());
        assertThat(one.toString()).doesNotContain("Worker").doesNotContain("123456789012");
    }

    @Test
    void owns_acceptsTheCurrentKeyAndTheLegacyPerSessionKeyOfTheSameSessionOnly() {
        CallerIdentity session1 = CallerIdentity.of("arn:aws:sts::123456789012:assumed-role/Worker/session-1");
        CallerIdentity session2 = CallerIdentity.of("arn:aws:sts::123456789012:assumed-role/Worker/session-2");

        assertThat(session1.owns(session2.key())).isTrue();
        assertThat(session1.owns(session1.legacyKey()))
                .as("records the same session wrote before the upgrade")
                .isTrue();
        assertThat(session2.owns(session1.legacyKey()))
                .as("another session's old record stays its own")
                .isFalse();
        assertThat(session1.owns(null)).isFalse();
    }

    @Test
    void key_ofIamUsersCognitoAndLambdaCallersIsUnchangedByTheUpgrade() {
        for (String raw : new String[] {"arn:aws:iam::123456789012:user/alice", "3f2b6c1e-8a9d-4e5f", "principal-7"}) {
            CallerIdentity caller = CallerIdentity.of(raw);
            assertThat(caller.key()).as(raw).isEqualTo(caller.legacyKey());
        }
        assertThat(CallerIdentity.of(null).key())
                .isEqualTo(CallerIdentity.of(" ").key());
    }
}
