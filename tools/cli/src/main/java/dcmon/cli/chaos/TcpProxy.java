package dcmon.cli.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on loopback between a client and a server, under our control: {@link #cut()} drops every connection
 * and refuses new ones until {@link #restore()}, as a broken network link or firewall would; {@link #delay} holds
 * each chunk going to the server for a while, as a slow server or link would. One thread per direction and connection: for the
 * handful of connections of a bridge or a sink.
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong delayMillis = new AtomicLong();
    private volatile boolean cut;
    private volatile boolean closed;

    /** Listens on 127.0.0.1:{@code port} (0: a free one) and relays to 127.0.0.1:{@code targetPort}. */
    TcpProxy(String name, int port, int targetPort) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(loopback, port));
        this.target = new InetSocketAddress(loopback, targetPort);
        Thread accept = new Thread(this::acceptLoop, "proxy-" + name);
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Drops every open connection and refuses new ones (accepted and closed at once). */
    void cut() {
        cut = true;
        for (Socket s : open) closeQuietly(s);
        open.clear();
    }

    void restore() {
        cut = false;
    }

    /** Each chunk towards the server waits this long first; 0 relays at once. */
    void delay(long millis) {
        delayMillis.set(millis);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) return;
                continue;
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(target, 5_000);
                open.add(client);
                open.add(upstream);
                relay(client, upstream, true);
                relay(upstream, client, false);
            } catch (IOException e) {
                closeQuietly(client); // the server is down: the client sees a dropped connection
            }
        }
    }

    private void relay(Socket from, Socket to, boolean towardsServer) {
        if (!towardsServer) {
            daemon(() -> copy(from, to), "proxy-back");
            return;
        }
        // towards the server every chunk is held until the delay has passed since it arrived: a latency, not a
        // slowdown that grows with the size of a request
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        daemon(
                () -> {
                    byte[] buffer = new byte[64 * 1024];
                    try (InputStream in = from.getInputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            queue.put(new Chunk(System.nanoTime(), Arrays.copyOf(buffer, n)));
                        }
                    } catch (IOException | InterruptedException e) {
                        // either side gone, or cut
                    } finally {
                        queue.add(Chunk.END);
                    }
                },
                "proxy-read");
        daemon(
                () -> {
                    try (OutputStream out = to.getOutputStream()) {
                        while (true) {
                            Chunk c = queue.take();
                            if (c == Chunk.END) break;
                            long due = c.arrived() + TimeUnit.MILLISECONDS.toNanos(delayMillis.get());
                            long wait = due - System.nanoTime();
                            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                            out.write(c.bytes());
                            out.flush();
                        }
                    } catch (IOException | InterruptedException e) {
                        // either side gone, or cut
                    } finally {
                        end(from, to);
                    }
                },
                "proxy-write");
    }

    private record Chunk(long arrived, byte[] bytes) {
        static final Chunk END = new Chunk(0, new byte[0]);
    }

    private void copy(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side gone, or cut
        } finally {
            end(from, to);
        }
    }

    private void end(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
        open.remove(a);
        open.remove(b);
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        cut();
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
