package io.finport.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class CfnYamlTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void parse_whenShortFormTagsAreUsed_expandsThemToTheLongForm() throws IOException {
        JsonNode node = CfnYaml.parse("""
                a: !Ref Table
                b: !GetAtt Topic.TopicName
                c: !Ref Fn.Alias
                d: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root
                e: !Not [!Equals [!Ref Email, '']]
                f: plain
                g: 'false'
                h: 2
                """);

        assertThat(node).isEqualTo(json("""
                {"a": {"Ref": "Table"},
                 "b": {"Fn::GetAtt": ["Topic", "TopicName"]},
                 "c": {"Ref": "Fn.Alias"},
                 "d": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"},
                 "e": {"Fn::Not": [{"Fn::Equals": [{"Ref": "Email"}, ""]}]},
                 "f": "plain", "g": "false", "h": 2}
                """));
    }

    @Test
    void parse_whenTagIsUnknown_failsInsteadOfDroppingIt() {
        assertThatThrownBy(() -> CfnYaml.parse("a: !Reff Table\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("!Reff");
    }

    @Test
    void parse_whenGetAttHasNoAttribute_fails() {
        assertThatThrownBy(() -> CfnYaml.parse("a: !GetAtt Topic\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Resource.Attribute");
    }

    @Test
    void load_whenRepositoryTemplateIsRead_keepsReferencesDistinctFromLiterals() throws IOException {
        JsonNode template = CfnYaml.load(RepoRoot.template());

        assertThat(template.at("/Globals/Function/Environment/Variables/TABLE_NAME"))
                .isEqualTo(json("{\"Ref\": \"ImportTable\"}"));
        assertThat(template.at("/Resources").size()).isGreaterThan(5);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
