package org.loanmodel.warmup;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One kept-alive HTTP/1.1 connection to the rehearsal server that sends prepared requests one at a
 * time and reads each answer whole. As small as a client can be, and on the JDK's NIO socket
 * channels with direct buffers, the code the server's own transport reads and writes with: the JIT
 * then spends its time on the server's code rather than on a client's.
 */
final class WarmUpConnection implements AutoCloseable {
    /** Largest answer read; the server's are a few hundred bytes. */
    private static final int MAX_ANSWER = 64 * 1024;

    private static final byte[] CONTENT_LENGTH = "\r\ncontent-length:".getBytes(StandardCharsets.US_ASCII);

    private final SocketChannel channel;
    private final ByteBuffer answer = ByteBuffer.allocateDirect(MAX_ANSWER);
    private final ByteBuffer request = ByteBuffer.allocateDirect(MAX_ANSWER);

    WarmUpConnection(int port) throws IOException {
        channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        channel.socket().setTcpNoDelay(true);
    }

    /**
     * Sends one request and reads its answer.
     *
     * @return the answer's status code
     * @throws IOException when the connection fails or the answer cannot be read
     */
    int exchange(byte[] bytes) throws IOException {
        request.clear();
        request.put(bytes).flip();
        while (request.hasRemaining()) {
            channel.write(request);
        }
        answer.clear();
        int headEnd = -1;
        int total = -1;
        while (total < 0 || answer.position() < total) {
            if (!answer.hasRemaining()) {
                throw new IOException("answer longer than " + MAX_ANSWER + " bytes");
            }
            if (channel.read(answer) < 0) {
                throw new IOException("connection closed by the server");
            }
            if (headEnd < 0) {
                headEnd = headEnd(answer.position());
                if (headEnd >= 0) {
                    total = headEnd + contentLength(headEnd);
                }
            }
        }
        if (answer.position() < 12 || answer.get(0) != 'H' || answer.get(8) != ' ') {
            throw new IOException("not an HTTP/1.1 answer");
        }
        return (answer.get(9) - '0') * 100 + (answer.get(10) - '0') * 10 + (answer.get(11) - '0');
    }

    /** Where the answer's body starts, or -1 while the blank line ending its head has not arrived. */
    private int headEnd(int length) {
        for (int i = 3; i < length; i++) {
            if (answer.get(i) == '\n' && answer.get(i - 1) == '\r' && answer.get(i - 2) == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    private int contentLength(int headEnd) throws IOException {
        for (int start = 0; start + CONTENT_LENGTH.length < headEnd; start++) {
            if (matches(start)) {
                int value = 0;
                int i = start + CONTENT_LENGTH.length;
                while (answer.get(i) == ' ') {
                    i++;
                }
                while (answer.get(i) >= '0' && answer.get(i) <= '9') {
                    value = value * 10 + answer.get(i++) - '0';
                }
                return value;
            }
        }
        throw new IOException("answer without content-length");
    }

    /** Whether the header name at {@code start} is content-length, in any case. */
    private boolean matches(int start) {
        for (int i = 0; i < CONTENT_LENGTH.length; i++) {
            if (Character.toLowerCase(answer.get(start + i)) != CONTENT_LENGTH[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a loopback socket the warm-up no longer needs: nothing to recover.
        }
    }
}
