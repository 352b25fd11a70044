package dcmon.bridge;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets whose input is read through a buffer, for Paho's MQTT clients.
 *
 * <p>Paho reads the socket unbuffered: a packet's first byte, each byte of its length and then its body are separate
 * reads, and it asks the socket before each packet how much is available. Every one of them is a system call, four or
 * more per message where one read can fetch a whole burst of messages. With the buffer the receiving thread reads
 * what the kernel has in one call, and asks the kernel how much is available only once the buffer is empty.
 */
public final class BufferedSocketFactory extends SocketFactory {
    /** Bytes read ahead: many small messages, or one large one in a few reads. */
    static final int BUFFER_BYTES = 64 * 1024;

    @Override
    public Socket createSocket() {
        return new BufferedInputSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    /** A socket connected to {@code to}, bound first to {@code local} when given. */
    private static Socket connected(InetSocketAddress to, InetSocketAddress local) throws IOException {
        Socket s = new BufferedInputSocket();
        if (local != null) s.bind(local);
        s.connect(to);
        return s;
    }

    /** A socket that hands out one buffered input stream. */
    static final class BufferedInputSocket extends Socket {
        private InputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) in = new ReadAhead(super.getInputStream());
            return in;
        }
    }

    /** Counts what it holds as available without asking the kernel; asks only once it is empty. */
    static final class ReadAhead extends BufferedInputStream {
        ReadAhead(InputStream in) {
            super(in, BUFFER_BYTES);
        }

        @Override
        public synchronized int available() throws IOException {
            int buffered = count - pos;
            return buffered > 0 ? buffered : super.available();
        }
    }
}
