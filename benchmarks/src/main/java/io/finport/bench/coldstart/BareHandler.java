package io.finport.bench.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Floor 1 of the cold-start benchmark: a handler that only returns, so its time is the JVM's own start. */
public class BareHandler implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
