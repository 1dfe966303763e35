import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import java.util.Arrays;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Starts DynamoDB Local (LocalStack runs it with {@code java -jar DynamoDBLocal.jar -port N ...}) bound to 127.0.0.1.
 * DynamoDB Local has no option for the address and listens on every interface; its Jetty connector is set to the
 * loopback address before the server starts. Telemetry is off (it would try the internet).
 */
public final class LoopbackDynamoDbLocal {
    private LoopbackDynamoDbLocal() {}

    public static void main(String[] args) throws Exception {
        String[] withoutTelemetry = Arrays.copyOf(args, args.length + 1);
        withoutTelemetry[args.length] = "-disableTelemetry";
        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(withoutTelemetry);
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server jetty = (Server) field.get(proxy);
        int bound = 0;
        for (Connector connector : jetty.getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
                serverConnector.setHost("127.0.0.1");
                bound++;
            }
        }
        if (bound == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind to 127.0.0.1");
        proxy.start();
        proxy.join();
    }
}
