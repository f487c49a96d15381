package io.granary.s3.http;

import io.granary.storage.ObjectReader;

import java.util.List;

/** What a response carries after its headers. The server decides how to send each kind (zero-copy for files). */
public sealed interface ResponseBody {

    ResponseBody EMPTY = new Empty();

    long length();

    /** No body (also for HEAD, whose Content-Length is set in the headers by the handler). */
    record Empty() implements ResponseBody {
        @Override
        public long length() {
            return 0;
        }
    }

    /** A small in-memory body: XML documents, error documents. */
    record Bytes(byte[] bytes) implements ResponseBody {
        @Override
        public long length() {
            return bytes.length;
        }
    }

    /**
     * Bytes produced while they are sent (decoded erasure-coded data): the server reads {@code in} on a thread that
     * may block and writes it in chunks with back-pressure. {@code owner} is closed when done or failed.
     */
    record Stream(java.io.InputStream in, long length, AutoCloseable owner) implements ResponseBody {}

    /**
     * Object bytes in file regions. {@code owner} is closed by the server once the last byte is sent, or the
     * connection fails.
     */
    record FileSegments(List<ObjectReader.Segment> segments, long length, AutoCloseable owner) implements ResponseBody {}
}
