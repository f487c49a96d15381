package io.granary.platform.internal;

import io.granary.platform.OsFamily;
import io.granary.platform.Probed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The real memory page size, without native code: on Linux the {@code AT_PAGESZ} entry of
 * {@code /proc/self/auxv} (what the kernel, or qemu-user's {@code -p}, told this process); else
 * {@code getconf PAGESIZE}; else unknown.
 */
public final class PageSizeProbe {
    /** auxv entry type carrying the page size. */
    static final long AT_PAGESZ = 6;
    static final long AT_NULL = 0;
    private static final Path AUXV = Path.of("/proc/self/auxv");

    private PageSizeProbe() {}

    public static Probed<Long> probe(OsFamily os) {
        String auxvWhy = "not linux";
        if (os == OsFamily.LINUX) {
            try {
                byte[] auxv = Files.readAllBytes(AUXV);
                OptionalLong v = parseAuxv(auxv, wordBytes(), ByteOrder.nativeOrder(), AT_PAGESZ);
                if (v.isPresent() && v.getAsLong() > 0) return Probed.of(v.getAsLong(), "/proc/self/auxv AT_PAGESZ");
                auxvWhy = "no AT_PAGESZ in /proc/self/auxv";
            } catch (IOException | RuntimeException e) {
                auxvWhy = "/proc/self/auxv: " + Safe.describe(e);
            }
        }
        if (os == OsFamily.WINDOWS) return Probed.unknown(-1L, "no pure-Java page size source on windows");
        try {
            OptionalLong g = getconf();
            if (g.isPresent()) return Probed.of(g.getAsLong(), "getconf PAGESIZE");
            return Probed.unknown(-1L, auxvWhy + "; getconf PAGESIZE gave no number");
        } catch (IOException | RuntimeException e) {
            return Probed.unknown(-1L, auxvWhy + "; getconf PAGESIZE: " + Safe.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Probed.unknown(-1L, auxvWhy + "; getconf PAGESIZE interrupted");
        }
    }

    /**
     * Finds entry {@code type} in an auxv image: pairs of (type, value) machine words ending at AT_NULL.
     *
     * @param wordBytes 8 on 64-bit processes, 4 on 32-bit ones
     */
    public static OptionalLong parseAuxv(byte[] auxv, int wordBytes, ByteOrder order, long type) {
        if (wordBytes != 4 && wordBytes != 8) throw new IllegalArgumentException("word size " + wordBytes);
        ByteBuffer b = ByteBuffer.wrap(auxv).order(order);
        while (b.remaining() >= 2 * wordBytes) {
            long t = wordBytes == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt());
            long v = wordBytes == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt());
            if (t == AT_NULL) break;
            if (t == type) return OptionalLong.of(v);
        }
        return OptionalLong.empty();
    }

    private static int wordBytes() {
        return "32".equals(System.getProperty("sun.arch.data.model")) ? 4 : 8;
    }

    private static OptionalLong getconf() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("getconf", "PAGESIZE").redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out");
            }
            String out = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
            try {
                long v = Long.parseLong(out);
                return v > 0 ? OptionalLong.of(v) : OptionalLong.empty();
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
    }
}
