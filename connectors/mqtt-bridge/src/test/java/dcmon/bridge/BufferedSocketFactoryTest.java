package dcmon.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sockets Paho gets: the same bytes in the same order, fewer reads, and a read timeout that leaves nothing behind. */
class BufferedSocketFactoryTest {
    private ServerSocket server;
    private Socket client;
    private Socket peer;

    @BeforeEach
    void connect() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        // as Paho does: an unconnected socket from the factory, connected afterwards
        client = new BufferedSocketFactory().createSocket();
        client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5_000);
        peer = server.accept();
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        peer.close();
        server.close();
    }

    @Test
    void aBurstIsReadInOneGoAndCountedAsAvailableFromTheBuffer() throws IOException {
        byte[] burst = {0x30, 3, 'a', 'b', 'c', 0x30, 1, 'd'}; // two small MQTT-like packets
        peer.getOutputStream().write(burst);
        peer.getOutputStream().flush();
        DataInputStream in = new DataInputStream(client.getInputStream());
        assertThat(in.readByte()).isEqualTo((byte) 0x30);
        // the rest came with the first read and is counted without asking the kernel
        assertThat(client.getInputStream().available()).isEqualTo(7);
        byte[] rest = new byte[7];
        in.readFully(rest);
        assertThat(rest).containsExactly(3, 'a', 'b', 'c', 0x30, 1, 'd');
        assertThat(client.getInputStream().available()).isZero();
    }

    @Test
    void everyCallerGetsTheSameStreamSoNoBufferedByteIsSkipped() throws IOException {
        InputStream first = client.getInputStream();
        assertThat(client.getInputStream()).isSameAs(first).isInstanceOf(BufferedSocketFactory.ReadAhead.class);
    }

    @Test
    void theConnectingVariantsGiveBufferedSocketsToo() throws IOException {
        try (Socket s = new BufferedSocketFactory()
                        .createSocket("127.0.0.1", server.getLocalPort(), InetAddress.getLoopbackAddress(), 0);
                Socket other = server.accept()) {
            assertThat(s.getLocalAddress()).isEqualTo(InetAddress.getLoopbackAddress());
            other.getOutputStream().write(5);
            assertThat(s.getInputStream()).isInstanceOf(BufferedSocketFactory.ReadAhead.class);
            assertThat(s.getInputStream().read()).isEqualTo(5);
        }
    }

    @Test
    void aReadTimeoutLosesNothingThatArrivesLater() throws IOException {
        // Paho reads with a timeout of a second and reads again after each timeout
        client.setSoTimeout(50);
        InputStream in = client.getInputStream();
        assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
        OutputStream out = peer.getOutputStream();
        out.write(new byte[] {7, 8, 9});
        out.flush();
        assertThat(in.read()).isEqualTo(7);
        assertThat(in.read()).isEqualTo(8);
        assertThat(in.read()).isEqualTo(9);
    }

    @Test
    void aMessageLargerThanTheBufferArrivesWhole() throws IOException, InterruptedException {
        byte[] big = new byte[BufferedSocketFactory.BUFFER_BYTES * 3 + 17];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31);
        Thread writer = new Thread(() -> {
            try {
                peer.getOutputStream().write(big);
                peer.getOutputStream().flush();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        byte[] got = new byte[big.length];
        new DataInputStream(client.getInputStream()).readFully(got);
        writer.join();
        assertThat(got).isEqualTo(big);
    }
}
