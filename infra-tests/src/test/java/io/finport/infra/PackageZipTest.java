package io.finport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageZipTest {
    @TempDir
    Path folder;

    @Test
    void zippedBytes_whenFilesDoNotCompress_isTheirSizePlusTheZipEntries() throws IOException {
        byte[] random = new byte[300_000];
        new Random(13).nextBytes(random);
        Files.createDirectories(folder.resolve("lib"));
        Files.write(folder.resolve("lib/a.jar"), random);
        Files.write(folder.resolve("b.class"), random);

        long zipped = PackageZip.zippedBytes(folder);

        // deflate stores random bytes nearly as they are; each entry adds headers and its name twice
        assertThat(zipped).isBetween(600_000L, 600_000L + 2_000);
    }

    @Test
    void zippedBytes_whenFilesCompress_countsTheCompressedSize() throws IOException {
        Files.writeString(folder.resolve("text.json"), "{\"a\":1}".repeat(100_000));

        assertThat(PackageZip.zippedBytes(folder)).isLessThan(10_000L);
    }

    @Test
    void megabytes_countsInUnitsOf2To20Bytes() {
        assertThat(PackageZip.megabytes(PackageZip.TARGET_BYTES)).isEqualTo("10.0 MB");
        assertThat(PackageZip.megabytes(10_164_390)).isEqualTo("9.7 MB");
    }
}
