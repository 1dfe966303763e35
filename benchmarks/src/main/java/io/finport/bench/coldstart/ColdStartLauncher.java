package io.finport.bench.coldstart;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The child process of the cold-start benchmark: a stand-in for the Lambda runtime that loads the handler class by
 * name, builds it with its no-argument constructor (as Lambda does), gives it one event and prints the wall-clock
 * time at which the result was complete. The parent subtracts the time it started this process.
 * Arguments: pairs of {@code handlerClass eventFile}; more than one pair is only used to train a CDS archive.
 * Loads nothing beyond the handler's own classes: no JMX, no logging framework.
 */
public final class ColdStartLauncher {
    static final String RESULT = "COLDSTART-RESULT";
    static final String ERROR = "COLDSTART-ERROR";

    private ColdStartLauncher() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args.length % 2 != 0) {
            System.err.println("usage: ColdStartLauncher handlerClass eventFile [handlerClass eventFile ...]");
            System.exit(2);
        }
        for (int i = 0; i < args.length; i += 2) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            try {
                byte[] event = Files.readAllBytes(Path.of(args[i + 1]));
                RequestStreamHandler handler = (RequestStreamHandler)
                        Class.forName(args[i]).getDeclaredConstructor().newInstance();
                handler.handleRequest(new ByteArrayInputStream(event), output, null);
            } catch (Throwable e) {
                Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null
                        ? ite.getCause()
                        : e;
                System.out.println(ERROR + " " + i / 2 + " " + cause.getClass().getName());
                System.out.flush();
                System.exit(1);
            }
            long done = System.currentTimeMillis();
            // CPU time of this process so far (all threads, user + system): less disturbed by a busy machine than
            // the wall-clock time, which waits for the cores too.
            long cpuMillis = ProcessHandle.current()
                    .info()
                    .totalCpuDuration()
                    .map(java.time.Duration::toMillis)
                    .orElse(-1L);
            System.out.println(RESULT + " " + i / 2 + " " + done + " "
                    + Base64.getEncoder()
                            .encodeToString(
                                    output.toString(StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8))
                    + " " + cpuMillis);
        }
        System.out.flush();
    }
}
