package io.granary.platform;

/** Network transports, native ones first. {@link #NIO} is pure Java and always works. */
public enum TransportKind {
    IO_URING(true), EPOLL(true), KQUEUE(true), NIO(false);

    private final boolean nativeCode;

    TransportKind(boolean nativeCode) {
        this.nativeCode = nativeCode;
    }

    /** Parses "io_uring" (or "io-uring", "iouring"), "epoll", "kqueue", "nio" (any case). */
    public static TransportKind parse(String text) {
        String t = text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        if (t.equals("IOURING")) t = "IO_URING";
        try {
            return valueOf(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transport must be io_uring, epoll, kqueue or nio, got '" + text + "'");
        }
    }

    /** True when this transport needs a native library. */
    public boolean isNative() {
        return nativeCode;
    }
}
