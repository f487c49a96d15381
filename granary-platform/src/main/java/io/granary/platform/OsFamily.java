package io.granary.platform;

import java.util.Locale;

/** The operating-system families Granary makes decisions about. */
public enum OsFamily {
    LINUX, MACOS, WINDOWS, OTHER;

    /** Maps an {@code os.name} value ("Linux", "Mac OS X", "Windows 11", ...) to a family; never throws. */
    public static OsFamily fromOsName(String osName) {
        if (osName == null) return OTHER;
        String n = osName.toLowerCase(Locale.ROOT);
        if (n.startsWith("linux")) return LINUX;
        if (n.startsWith("mac") || n.startsWith("darwin")) return MACOS;
        if (n.startsWith("windows")) return WINDOWS;
        return OTHER;
    }
}
