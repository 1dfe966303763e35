package io.finport.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/performance.md holds what {@code scripts/benchmark} printed. The polling and import-kinds figures are seeded, so
 * they are recomputed here (a few seconds) and must equal the doc's blocks: an edit to the poll policies, the
 * populations, the state machine or the callback fallback that changes them fails until {@code scripts/benchmark
 * polling imports} is re-run.
 */
class DocFiguresTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String RERUN = "docs/performance.md is stale: run scripts/benchmark polling";

    @Test
    void pollingBlock_whenRecomputedFromItsSeed_equalsTheDoc() throws IOException {
        String block = block(ROOT.resolve("docs/performance.md"), "bench:polling");

        String body = PollingBenchmark.body(PollingBenchmark.run(
                PollingBenchmark.DEFAULT_IMPORTS,
                PollingBenchmark.DEFAULT_SEED,
                AslLoopShape.load(ROOT.resolve("statemachine/import-workflow.asl.json"))));

        assertThat(block).as(RERUN).startsWith("Run ").endsWith(body.strip());
    }

    @Test
    void importsBlock_whenRecomputedFromItsSeed_equalsTheDoc() throws IOException {
        String block = block(ROOT.resolve("docs/performance.md"), "bench:imports");

        String body = ImportKindsBenchmark.body(
                PollingBenchmark.DEFAULT_IMPORTS, PollingBenchmark.DEFAULT_SEED, ImportKindsBenchmark.Setup.of(ROOT));

        assertThat(block)
                .as("docs/performance.md is stale: run scripts/benchmark imports")
                .startsWith("Run ")
                .endsWith(body.strip());
    }

    @Test
    void block_whenMarkersAreMissing_isReportedWithTheirName() {
        String doc = "intro\n<!-- BEGIN bench:other -->\nx\n<!-- END bench:other -->\n";

        assertThat(find(doc, "bench:polling")).isNull();
        assertThat(find(doc, "bench:other")).isEqualTo("x");
    }

    static String block(Path doc, String name) throws IOException {
        String found = find(Files.readString(doc), name);
        assertThat(found).as(doc + " has no block " + name).isNotNull();
        return found;
    }

    /** The text between {@code <!-- BEGIN name ... -->} and {@code <!-- END name -->}, stripped; null if absent. */
    static String find(String text, String name) {
        Matcher m = Pattern.compile(
                        "<!-- BEGIN " + Pattern.quote(name) + "\\b[^>]*-->\\n(.*?)<!-- END " + Pattern.quote(name)
                                + " -->",
                        Pattern.DOTALL)
                .matcher(text);
        return m.find() ? m.group(1).strip() : null;
    }
}
