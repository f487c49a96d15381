package io.granary.platform;

/** The running JVM: vendor, version and VM name, from standard system properties. */
public record JvmInfo(String vendor, String version, String vmName) {
    static JvmInfo current() {
        return new JvmInfo(prop("java.vendor"), prop("java.runtime.version", prop("java.version")),
                prop("java.vm.name"));
    }

    private static String prop(String key) {
        return prop(key, "unknown");
    }

    private static String prop(String key, String fallback) {
        try {
            String v = System.getProperty(key);
            return v == null || v.isBlank() ? fallback : v;
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
