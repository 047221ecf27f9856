package org.loanmodel.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Speaks HTTP/1.1 over a plain socket, for requests no well-behaved client sends (broken escapes,
 * oversize heads, bad framing, trickled bytes). Reads guard against hangs with a generous socket
 * timeout; nothing here measures time.
 */
public final class RawHttp {
    private static final int HANG_GUARD_MILLIS = 20_000;

    private RawHttp() {}

    /** An answer as read off the wire: status, head and body. */
    public record Answer(int status, String head, String body) {}

    /** Opens a connection to a loopback port. */
    public static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), HANG_GUARD_MILLIS);
        socket.setSoTimeout(HANG_GUARD_MILLIS);
        return socket;
    }

    /** Sends raw bytes on a new connection and reads one answer (until the body's length or EOF). */
    public static Answer exchange(int port, String request) throws IOException {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends raw bytes on a new connection and reads one answer. */
    public static Answer exchange(int port, byte[] request) throws IOException {
        try (Socket socket = connect(port)) {
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            boolean head = request.length > 5 && new String(request, 0, 5, StandardCharsets.ISO_8859_1).equals("HEAD ");
            return read(socket.getInputStream(), !head);
        }
    }

    /** Reads one answer with a body from a connection. */
    public static Answer read(InputStream in) throws IOException {
        return read(in, true);
    }

    /** Reads one answer; the answer to HEAD announces a length but has no body. */
    public static Answer read(InputStream in, boolean withBody) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before a complete answer: " + head);
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : (b == '\r' ? 1 : 0);
        }
        String headText = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(headText.substring(9, 12));
        int length = contentLength(headText);
        byte[] body = !withBody ? new byte[0] : length >= 0 ? in.readNBytes(length) : in.readAllBytes();
        return new Answer(status, headText, new String(body, StandardCharsets.UTF_8));
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        return -1;
    }

    /**
     * True once the server has closed the connection: a read returns end of stream or the
     * connection is reset. Blocks up to the hang guard.
     */
    public static boolean closedByServer(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
