package io.granary.platform;

/** The C library the JVM runs on. Only meaningful on Linux; other systems report {@link #NOT_APPLICABLE}. */
public enum Libc {
    GLIBC, MUSL, UNKNOWN, NOT_APPLICABLE
}
