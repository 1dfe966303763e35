package io.finport.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A function's package folder zipped as Lambda stores its code (`sam package` deflates every file at the default
 * level, as `zip -r -X` does): only the size is kept, no file is written. Lambda's own limit is 50 MB; issue 13 sets
 * {@link #TARGET_BYTES} for each package.
 */
final class PackageZip {
    /** 10 MB, as docs/performance.md counts them (2^20 bytes). */
    static final long TARGET_BYTES = 10L * 1024 * 1024;

    private PackageZip() {}

    /** The bytes of the zip file of every file under {@code folder}, with paths relative to it. */
    static long zippedBytes(Path folder) throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream(); // packages are MBs: counting them in memory is fine
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (ZipOutputStream zip = new ZipOutputStream(zipped)) {
            for (Path file : files) {
                zip.putNextEntry(new ZipEntry(folder.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        return zipped.size();
    }

    /** Bytes as the docs print them: "9.7 MB". */
    static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
