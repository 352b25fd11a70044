package dcmon.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy between a client and an echo server: relays, cuts, lets through again, delays. */
class TcpProxyTest {
    private ServerSocket echo;
    private TcpProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(this::serve, "echo");
        t.setDaemon(true);
        t.start();
        proxy = new TcpProxy("test", 0, echo.getLocalPort());
    }

    private void serve() {
        while (!echo.isClosed()) {
            try {
                Socket s = echo.accept();
                Thread t = new Thread(
                        () -> {
                            try (s;
                                    InputStream in = s.getInputStream();
                                    OutputStream out = s.getOutputStream()) {
                                in.transferTo(out);
                            } catch (IOException ignored) {
                                // the client went
                            }
                        },
                        "echo-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", proxy.port());
        s.setSoTimeout(5_000);
        return s;
    }

    private static int roundTrip(Socket s) throws IOException {
        s.getOutputStream().write(42);
        s.getOutputStream().flush();
        return s.getInputStream().read();
    }

    @Test
    void relaysBothWays() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s)).isEqualTo(42);
        }
    }

    @Test
    void aCutDropsOpenConnectionsAndRefusesNewOnesUntilRestored() throws IOException {
        try (Socket before = connect()) {
            assertThat(roundTrip(before)).isEqualTo(42);
            proxy.cut();
            assertThatThrownBy(() -> {
                        int got = roundTrip(before);
                        if (got < 0) throw new IOException("closed");
                    })
                    .isInstanceOf(IOException.class);
        }
        try (Socket during = connect()) {
            assertThat(during.getInputStream().read()).isEqualTo(-1); // accepted and closed at once
        }
        proxy.restore();
        try (Socket after = connect()) {
            assertThat(roundTrip(after)).isEqualTo(42);
        }
    }

    @Test
    void aDelayHoldsWhatGoesToTheServer() throws IOException {
        proxy.delay(300);
        try (Socket s = connect()) {
            long start = System.nanoTime();
            assertThat(roundTrip(s)).isEqualTo(42);
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
            proxy.delay(0);
            start = System.nanoTime();
            assertThat(roundTrip(s)).isEqualTo(42);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(300);
        }
    }
}
