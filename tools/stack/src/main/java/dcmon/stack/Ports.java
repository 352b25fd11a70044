package dcmon.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Loopback TCP ports for servers started by the local stack. */
public final class Ports {
    private Ports() {}

    /** The servers listen on IPv4 loopback only, whatever the JVM prefers for "localhost". */
    public static final String LOOPBACK = "127.0.0.1";

    /**
     * A loopback TCP port that was free a moment ago. The port is released before returning, so another
     * process may take it first: callers that bind it later should be ready to retry with another one.
     */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** Whether something accepts TCP connections on this loopback port. */
    public static boolean accepting(int port, Duration connectTimeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), (int) connectTimeout.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
