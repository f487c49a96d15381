package io.granary.server.admin;

import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@link Diagnostics} on the running JVM. The optional APIs (com.sun.management in module jdk.management, jdk.jfr)
 * are referenced only by reflection or from {@link JfrProfiler}, which is loaded after its module was found: a JVM
 * without them (a trimmed jlink image, another vendor's VM) gets {@link Unsupported}, never a linkage error.
 */
final class JvmDiagnostics implements Diagnostics {
    private static final String HOTSPOT_BEAN = "com.sun.management.HotSpotDiagnosticMXBean";

    @Override
    public void heapDump(Path target) throws Unsupported, Exception {
        Class<? extends PlatformManagedObject> type = hotSpotBeanType();
        PlatformManagedObject bean = ManagementFactory.getPlatformMXBean(type);
        if (bean == null) throw new Unsupported("this JVM has no " + HOTSPOT_BEAN + " instance");
        type.getMethod("dumpHeap", String.class, boolean.class).invoke(bean, target.toString(), true);
    }

    @Override
    public void profile(Duration duration, Path target) throws Unsupported, Exception {
        if (ModuleLayer.boot().findModule("jdk.jfr").isEmpty()) {
            throw new Unsupported("JDK Flight Recorder is not in this runtime (module jdk.jfr is missing)");
        }
        JfrProfiler.record(duration, target);
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends PlatformManagedObject> hotSpotBeanType() throws Unsupported {
        if (ModuleLayer.boot().findModule("jdk.management").isEmpty()) {
            throw new Unsupported("heap dumps need the HotSpot diagnostic bean; module jdk.management is missing");
        }
        try {
            return (Class<? extends PlatformManagedObject>) Class.forName(HOTSPOT_BEAN);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new Unsupported("heap dumps need " + HOTSPOT_BEAN + ", which this JVM does not have");
        }
    }
}
