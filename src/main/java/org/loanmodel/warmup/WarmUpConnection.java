package org.loanmodel.warmup;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One kept-alive HTTP/1.1 connection to the rehearsal server that sends prepared requests one at a
 * time and reads each answer whole. As small as a client can be, so that the JIT spends its time on
 * the server's code rather than on a client's.
 */
final class WarmUpConnection implements AutoCloseable {
    /** Longest answer head read; the server's are a few hundred bytes. */
    private static final int MAX_HEAD = 8192;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] head = new byte[MAX_HEAD];

    WarmUpConnection(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    /**
     * Sends one request and reads its answer.
     *
     * @return the answer's status code
     * @throws IOException when the connection fails or the answer cannot be read
     */
    int exchange(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        int length = readHead();
        String text = new String(head, 0, length, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
            throw new IOException(
                    "not an HTTP/1.1 answer: " + text.lines().findFirst().orElse(""));
        }
        int status = Integer.parseInt(text.substring(9, 12));
        skip(contentLength(text));
        return status;
    }

    /** Reads up to and including the blank line that ends the head; returns its length. */
    private int readHead() throws IOException {
        int length = 0;
        while (length < 4
                || head[length - 4] != '\r'
                || head[length - 3] != '\n'
                || head[length - 2] != '\r'
                || head[length - 1] != '\n') {
            if (length == MAX_HEAD) {
                throw new IOException("answer head longer than " + MAX_HEAD + " bytes");
            }
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            head[length++] = (byte) b;
        }
        return length;
    }

    private static int contentLength(String head) throws IOException {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0
                    && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        throw new IOException(
                "answer without content-length: " + head.lines().findFirst().orElse(""));
    }

    private void skip(int bytes) throws IOException {
        int left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed within an answer body");
                }
                skipped = 1;
            }
            left -= (int) skipped;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a loopback socket the warm-up no longer needs: nothing to recover.
        }
    }
}
