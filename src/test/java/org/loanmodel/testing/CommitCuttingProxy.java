package org.loanmodel.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a PostgreSQL server that can lose the answer to a commit: armed, it
 * forwards the next {@code COMMIT} to the server, swallows the server's reply (so the transaction
 * has committed but the client never hears it) and cuts the connection. It can also refuse new
 * connections, as a server that just went away would. Everything else passes through unchanged.
 */
public final class CommitCuttingProxy implements AutoCloseable {
    /** The server's CommandComplete message for COMMIT: 'C', length 11, "COMMIT\0". */
    private static final byte[] COMMIT_COMPLETE = {'C', 0, 0, 0, 11, 'C', 'O', 'M', 'M', 'I', 'T', 0};

    private final ServerSocket listener;
    private final int serverPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean armed;
    private volatile boolean refuseAfterCut;
    private volatile boolean refusing;
    private volatile int cuts;

    private CommitCuttingProxy(int serverPort) throws IOException {
        this.serverPort = serverPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "commit-cutting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a proxy on a free loopback port in front of the server on {@code serverPort}. */
    public static CommitCuttingProxy start(int serverPort) throws IOException {
        return new CommitCuttingProxy(serverPort);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Loses the answer to the next commit; new connections work. */
    public void loseNextCommitAnswer() {
        refuseAfterCut = false;
        armed = true;
    }

    /** Loses the answer to the next commit, then refuses new connections until {@link #acceptConnections()}. */
    public void loseNextCommitAnswerThenRefuse() {
        refuseAfterCut = true;
        armed = true;
    }

    /** Accepts new connections again. */
    public void acceptConnections() {
        refusing = false;
    }

    /** How many commit answers were lost so far. */
    public int cuts() {
        return cuts;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (refusing) {
                    client.close();
                    continue;
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                sockets.add(client);
                sockets.add(server);
                pump(client, server, false);
                pump(server, client, true);
            } catch (IOException e) {
                // Closed, or one connection failed: the client sees it as a refused connection.
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromServer) {
        Thread thread = new Thread(() -> copy(from, to, fromServer), "commit-cutting-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void copy(Socket from, Socket to, boolean fromServer) {
        byte[] buffer = new byte[64 * 1024];
        byte[] tail = new byte[0];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                if (fromServer && armed) {
                    // The message may straddle two reads: look at the end of the last one too.
                    byte[] window = concat(tail, buffer, read);
                    if (indexOf(window, COMMIT_COMPLETE) >= 0) {
                        armed = false;
                        refusing = refuseAfterCut;
                        cuts++;
                        closeQuietly(from);
                        closeQuietly(to);
                        return;
                    }
                    tail = Arrays.copyOfRange(
                            window, Math.max(0, window.length - COMMIT_COMPLETE.length), window.length);
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (SocketException e) {
            // The other side closed: close this side too.
        } catch (IOException e) {
            // Same.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static byte[] concat(byte[] tail, byte[] buffer, int length) {
        byte[] window = Arrays.copyOf(tail, tail.length + length);
        System.arraycopy(buffer, 0, window, tail.length, length);
        return window;
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        for (int i = 0; i + pattern.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that is left to do.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(CommitCuttingProxy::closeQuietly);
    }
}
