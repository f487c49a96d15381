package io.granary.server.internal;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Request ids in S3's style: 16 upper-case hex digits, unique per process (a random base plus a counter). */
final class RequestIds {
    private static final AtomicLong NEXT = new AtomicLong(ThreadLocalRandom.current().nextLong());

    private RequestIds() {}

    static String next() {
        return String.format(Locale.ROOT, "%016X", NEXT.getAndIncrement());
    }
}
