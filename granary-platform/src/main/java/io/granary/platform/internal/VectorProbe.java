package io.granary.platform.internal;

import io.granary.platform.VectorSupport;

import java.util.Optional;

/**
 * Vector API availability. {@code jdk.incubator.vector} is an incubator module: it is in the boot layer only when
 * the JVM starts with {@code --add-modules jdk.incubator.vector}. The API is reached by reflection so Granary
 * compiles and runs without it.
 */
public final class VectorProbe {
    static final String MODULE = "jdk.incubator.vector";

    private VectorProbe() {}

    public static VectorSupport probe() {
        try {
            Optional<Module> m = ModuleLayer.boot().findModule(MODULE);
            if (m.isEmpty()) {
                return new VectorSupport(false, -1,
                        "not enabled: module " + MODULE + " is not in the boot layer (start with --add-modules "
                                + MODULE + ")");
            }
            Class<?> shape = Class.forName("jdk.incubator.vector.VectorShape", true, m.get().getClassLoader());
            Object preferred = shape.getMethod("preferredShape").invoke(null);
            int bits = (Integer) shape.getMethod("vectorBitSize").invoke(preferred);
            return new VectorSupport(true, bits, "VectorShape.preferredShape() = " + preferred);
        } catch (Throwable t) {
            return new VectorSupport(false, -1, "not usable: " + Safe.describe(t));
        }
    }
}
