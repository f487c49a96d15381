package io.granary.server.internal;

import io.granary.platform.TransportKind;

/**
 * How a file body larger than {@link ResponseWriter#SMALL_BODY} leaves the server: chosen once per server from the
 * network transport, because the cheapest way to send file bytes depends on what the transport does with a file
 * region. Either way the object's bytes are never copied into Java buffers.
 */
enum FileBodies {
    /**
     * As Netty file regions: {@code sendfile} on epoll (pages go from the page cache to the socket without a copy),
     * {@code FileChannel.transferTo} on NIO (the JDK's own zero-copy transfer where the OS has one).
     */
    REGIONS("file regions (sendfile or transferTo)"),
    /**
     * As memory-mapped chunks of the files, written as ordinary buffers (see {@link MappedFileBody}): io_uring has
     * no {@code sendfile}, and Netty sends a file region there by splicing through a pipe, which the kernel runs
     * in its io_uring worker threads. Measured on 2 cores (GET 64 MiB, 4 clients): about 500 ms of server CPU per
     * GB spliced against about 300 ms sent from a mapping, and 1.4x the throughput.
     */
    MAPPED_CHUNKS("mapped chunks (io_uring splices file regions through kernel workers)");

    private final String description;

    FileBodies(String description) {
        this.description = description;
    }

    /** The way to send file bodies on {@code transport}. */
    static FileBodies forTransport(TransportKind transport) {
        return transport == TransportKind.IO_URING ? MAPPED_CHUNKS : REGIONS;
    }

    /** What this way is and why it was chosen, for the start-up log. */
    String description() {
        return description;
    }
}
