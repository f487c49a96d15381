package io.granary.bench.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer for ASCII text, reused across requests so the hot path allocates little. */
public final class AsciiSink implements CharSequence {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    byte[] buf;
    int len;

    public AsciiSink(int capacity) {
        buf = new byte[capacity];
    }

    public boolean isEmpty() {
        return len == 0;
    }

    public AsciiSink reset() {
        len = 0;
        return this;
    }

    public int length() {
        return len;
    }

    public byte[] array() {
        return buf;
    }

    void ensureFor(int extra) {
        ensure(extra);
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }

    public AsciiSink append(CharSequence s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) buf[len++] = (byte) s.charAt(i);
        return this;
    }

    public AsciiSink append(char c) {
        ensure(1);
        buf[len++] = (byte) c;
        return this;
    }

    public AsciiSink append(byte[] b) {
        return append(b, 0, b.length);
    }

    public AsciiSink append(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    public AsciiSink append(long v) {
        if (v == 0) return append('0');
        if (v < 0) {
            append('-');
            v = -v;
        }
        int digits = 0;
        for (long t = v; t > 0; t /= 10) digits++;
        ensure(digits);
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        len += digits;
        return this;
    }

    /** Appends the bytes as lowercase hex. */
    public AsciiSink appendHex(byte[] b) {
        ensure(b.length * 2);
        for (byte x : b) {
            buf[len++] = HEX[(x >> 4) & 0xf];
            buf[len++] = HEX[x & 0xf];
        }
        return this;
    }

    public String asString() {
        return new String(buf, 0, len, StandardCharsets.ISO_8859_1);
    }

    public String asString(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }

    @Override
    public char charAt(int index) {
        return (char) (buf[index] & 0xff);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return asString(start, end);
    }

    @Override
    public String toString() {
        return asString();
    }
}
