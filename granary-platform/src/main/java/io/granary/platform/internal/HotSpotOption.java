package io.granary.platform.internal;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;

/**
 * Reads one VM option through {@link HotSpotDiagnosticMXBean}. Kept apart: on a runtime without the
 * {@code jdk.management} module, loading this class fails and the caller catches it.
 */
final class HotSpotOption {
    private HotSpotOption() {}

    /** The option's value, or null when the bean is absent. */
    static String get(String name) {
        HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return bean == null ? null : bean.getVMOption(name).getValue();
    }
}
