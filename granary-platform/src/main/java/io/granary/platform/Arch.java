package io.granary.platform;

import java.util.Locale;

/** Normalised CPU architecture; the raw {@code os.arch} string is kept alongside in {@link PlatformReport}. */
public enum Arch {
    X86_64, AARCH64, OTHER;

    /** Maps an {@code os.arch} value ("amd64", "x86_64", "aarch64", "arm64", ...) to an arch; never throws. */
    public static Arch fromOsArch(String osArch) {
        if (osArch == null) return OTHER;
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x86-64", "x64" -> X86_64;
            case "aarch64", "arm64" -> AARCH64;
            default -> OTHER;
        };
    }
}
