package io.granary.storage.erasure.internal;

import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import io.granary.storage.erasure.DriveSpec;
import io.granary.storage.local.internal.FsUtil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The per-drive format file {@code granary-format} (text, see docs/FORMAT.md): deployment id, set layout (every drive's
 * id, set by set), this drive's id, set and position, and a CRC-32C line. {@link #open} reads every drive's file and
 * decides what to do: format a fresh deployment, re-format replaced (empty) drives, or refuse foreign or misordered
 * drives with a message saying which.
 */
public record Format(int version, String deploymentId, String driveId, int set, int index, List<List<String>> layout) {

    public static final String FILE_NAME = "granary-format";
    public static final int VERSION = 1;

    private static final System.Logger LOG = System.getLogger(Format.class.getName());

    public String encodeText() {
        StringBuilder b = new StringBuilder();
        b.append("granary-format=").append(version).append('\n');
        b.append("engine=erasure\n");
        b.append("deployment=").append(deploymentId).append('\n');
        b.append("drive=").append(driveId).append('\n');
        b.append("set=").append(set).append('\n');
        b.append("index=").append(index).append('\n');
        b.append("sets=").append(layout.size()).append('\n');
        b.append("setSize=").append(layout.getFirst().size()).append('\n');
        for (int s = 0; s < layout.size(); s++) {
            b.append("set.").append(s).append('=').append(String.join(",", layout.get(s))).append('\n');
        }
        CRC32C crc = new CRC32C();
        crc.update(b.toString().getBytes(StandardCharsets.UTF_8));
        b.append("crc32c=").append(String.format("%08x", crc.getValue())).append('\n');
        return b.toString();
    }

    public static Format parse(String text) throws IOException {
        int at = text.lastIndexOf("crc32c=");
        if (at < 0 || !text.endsWith("\n")) {
            throw new IOException("format file is truncated");
        }
        CRC32C crc = new CRC32C();
        crc.update(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
        String stored = text.substring(at + 7).trim();
        if (!stored.equals(String.format("%08x", crc.getValue()))) {
            throw new IOException("format file checksum mismatch");
        }
        Map<String, String> kv = new HashMap<>();
        for (String line : text.substring(0, at).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                kv.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        try {
            int version = Integer.parseInt(kv.get("granary-format"));
            if (version != VERSION || !"erasure".equals(kv.get("engine"))) {
                throw new IOException("unsupported format version " + version + " / engine " + kv.get("engine"));
            }
            int sets = Integer.parseInt(kv.get("sets"));
            int size = Integer.parseInt(kv.get("setSize"));
            List<List<String>> layout = new ArrayList<>();
            for (int s = 0; s < sets; s++) {
                List<String> ids = List.of(kv.get("set." + s).split(","));
                if (ids.size() != size) {
                    throw new IOException("set " + s + " lists " + ids.size() + " drives, expected " + size);
                }
                layout.add(ids);
            }
            return new Format(version, kv.get("deployment"), kv.get("drive"), Integer.parseInt(kv.get("set")),
                    Integer.parseInt(kv.get("index")), List.copyOf(layout));
        } catch (RuntimeException e) {
            throw new IOException("malformed format file: " + e, e);
        }
    }

    /** The outcome of {@link #open}: the drives with their places, the deployment, and which were (re)formatted. */
    public record Opened(String deploymentId, List<List<String>> layout, List<List<Drive>> sets, List<Drive> reformatted, List<Drive> offline) {}

    private enum State { FORMATTED, EMPTY, CORRUPT, OFFLINE }

    /** Reads or creates the format of every drive; see the class comment. */
    public static Opened open(List<Path> paths, boolean fsync) {
        int n = paths.size();
        int setSize = DriveSpec.setSize(n);
        int sets = n / setSize;
        State[] state = new State[n];
        Format[] found = new Format[n];
        String[] why = new String[n];
        for (int i = 0; i < n; i++) {
            Path p = paths.get(i);
            try {
                if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    state[i] = State.EMPTY;
                    continue;
                }
                if (!Files.isDirectory(p)) {
                    state[i] = State.OFFLINE;
                    why[i] = "not a folder";
                    continue;
                }
                Path f = p.resolve(FILE_NAME);
                if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                    if (holdsForeignData(p)) {
                        throw new StorageException(StorageError.INTERNAL, "drive " + p + " is not empty but has no "
                                + FILE_NAME + " file: it is not a Granary erasure drive (a single-folder data folder?)."
                                + " Give an empty folder or one of this deployment's drives.");
                    }
                    state[i] = State.EMPTY;
                    continue;
                }
                try {
                    found[i] = parse(Files.readString(f, StandardCharsets.UTF_8));
                    state[i] = State.FORMATTED;
                } catch (IOException e) {
                    if (e instanceof NoSuchFileException) {
                        state[i] = State.EMPTY;
                    } else if (Files.isReadable(f) && Files.isRegularFile(f)) {
                        state[i] = State.CORRUPT;
                        why[i] = e.getMessage();
                    } else {
                        state[i] = State.OFFLINE;
                        why[i] = e.toString();
                    }
                }
            } catch (IOException | SecurityException e) {
                state[i] = State.OFFLINE;
                why[i] = e.toString();
            }
        }
        // The reference: the deployment most drives carry.
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (Format f : found) {
            if (f != null) {
                votes.merge(f.deploymentId + "|" + f.layoutString(), 1, Integer::sum);
            }
        }
        Format ref = null;
        if (!votes.isEmpty()) {
            String best = votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            for (Format f : found) {
                if (f != null && (f.deploymentId + "|" + f.layoutString()).equals(best)) {
                    ref = f;
                    break;
                }
            }
        }
        boolean fresh = ref == null;
        if (fresh) {
            for (int i = 0; i < n; i++) {
                if (state[i] == State.OFFLINE || state[i] == State.CORRUPT) {
                    throw new StorageException(StorageError.INTERNAL, "cannot format a new deployment: drive "
                            + paths.get(i) + " is unusable (" + why[i] + ")");
                }
            }
            List<List<String>> layout = new ArrayList<>();
            for (int s = 0; s < sets; s++) {
                List<String> ids = new ArrayList<>();
                for (int j = 0; j < setSize; j++) {
                    ids.add(UUID.randomUUID().toString());
                }
                layout.add(List.copyOf(ids));
            }
            ref = new Format(VERSION, UUID.randomUUID().toString(), null, 0, 0, List.copyOf(layout));
            LOG.log(System.Logger.Level.INFO, "formatting a new erasure deployment " + ref.deploymentId + ": " + n
                    + " drives in " + sets + " set(s) of " + setSize);
        } else {
            int refDrives = ref.layout.size() * ref.layout.getFirst().size();
            if (refDrives != n) {
                throw new StorageException(StorageError.INTERNAL, "deployment " + ref.deploymentId + " has " + refDrives
                        + " drives (" + ref.layout.size() + " set(s) of " + ref.layout.getFirst().size() + "), but "
                        + n + " were given; give exactly the deployment's drives, in their original order");
            }
            if (ref.layout.getFirst().size() != setSize) {
                throw new StorageException(StorageError.INTERNAL, "deployment " + ref.deploymentId
                        + " uses sets of " + ref.layout.getFirst().size() + " drives, this build would use " + setSize);
            }
        }
        List<List<Drive>> out = new ArrayList<>();
        List<Drive> reformatted = new ArrayList<>();
        List<Drive> offline = new ArrayList<>();
        for (int s = 0; s < sets; s++) {
            List<Drive> set = new ArrayList<>();
            for (int j = 0; j < setSize; j++) {
                int i = s * setSize + j;
                Drive d = new Drive(i, s, j, paths.get(i));
                String expectedId = ref.layout.get(s).get(j);
                Format f = found[i];
                if (f != null && !f.deploymentId.equals(ref.deploymentId)) {
                    throw new StorageException(StorageError.INTERNAL, "drive " + paths.get(i) + " belongs to another "
                            + "deployment (" + f.deploymentId + ", this one is " + ref.deploymentId + "); remove it "
                            + "or give an empty folder in its place");
                }
                if (f != null && !f.driveId.equals(expectedId)) {
                    throw new StorageException(StorageError.INTERNAL, "drives are out of order: " + paths.get(i)
                            + " is drive " + (f.set * setSize + f.index + 1) + " of deployment " + ref.deploymentId
                            + " (set " + f.set + ", position " + f.index + ") but was given as drive " + (i + 1)
                            + "; give the drives in their original order");
                }
                if (f != null && !f.layoutString().equals(ref.layoutString())) {
                    throw new StorageException(StorageError.INTERNAL, "drive " + paths.get(i) + " has a different "
                            + "set layout than the other drives of deployment " + ref.deploymentId);
                }
                switch (state[i]) {
                    case FORMATTED -> { }
                    case OFFLINE -> {
                        d.offlineReason = why[i];
                        offline.add(d);
                        LOG.log(System.Logger.Level.WARNING, d + " is offline (" + why[i] + "); starting degraded");
                    }
                    case EMPTY, CORRUPT -> {
                        Format mine = new Format(VERSION, ref.deploymentId, expectedId, s, j, ref.layout);
                        try {
                            d.ensureTree(fsync);
                            FsUtil.writeAtomically(d.formatFile(), mine.encodeText().getBytes(StandardCharsets.UTF_8),
                                    d.layout.tmp, fsync);
                        } catch (IOException e) {
                            d.offlineReason = "cannot format: " + e;
                            offline.add(d);
                            LOG.log(System.Logger.Level.WARNING, d + " cannot be formatted (" + e + "); offline");
                            break;
                        }
                        if (!fresh) {
                            reformatted.add(d);
                            LOG.log(System.Logger.Level.WARNING, d + (state[i] == State.EMPTY
                                    ? " is empty (replaced?)" : " had a corrupt format file (" + why[i] + ")")
                                    + ": formatted it as drive " + expectedId + "; healing will refill it");
                        }
                    }
                }
                set.add(d);
            }
            long usable = set.stream().filter(Drive::online).count();
            if (usable * 2 < setSize) {
                throw new StorageException(StorageError.INTERNAL, "set " + s + " has only " + usable + " of " + setSize
                        + " drives usable; at least half are needed to start (offline: " + offline + ")");
            }
            out.add(List.copyOf(set));
        }
        return new Opened(ref.deploymentId, ref.layout, List.copyOf(out), List.copyOf(reformatted), List.copyOf(offline));
    }

    /** Rewrites a drive's format file (heal of a drive whose folder was wiped while running). */
    public static void rewrite(Drive d, String deploymentId, List<List<String>> layout, boolean fsync)
            throws IOException {
        Format mine = new Format(VERSION, deploymentId, layout.get(d.set).get(d.pos), d.set, d.pos, layout);
        d.ensureTree(fsync);
        FsUtil.writeAtomically(d.formatFile(), mine.encodeText().getBytes(StandardCharsets.UTF_8), d.layout.tmp,
                fsync);
    }

    public static Format read(Drive d) throws IOException {
        return parse(Files.readString(d.formatFile(), StandardCharsets.UTF_8));
    }

    private String layoutString() {
        StringBuilder b = new StringBuilder();
        for (List<String> s : layout) {
            b.append(String.join(",", s)).append(';');
        }
        return b.toString();
    }

    /**
     * True when a folder without a format file holds anything but an empty tree of ours (tmp/, LOCK, empty buckets/
     * and multipart/): a single-folder data folder, another program's files, or a drive whose format file was deleted
     * while data remained. Such a folder is refused rather than adopted.
     */
    private static boolean holdsForeignData(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                switch (name) {
                    case "lost+found", "tmp", "LOCK" -> { }
                    case "buckets", "multipart" -> {
                        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                            return true;
                        }
                        try (DirectoryStream<Path> inner = Files.newDirectoryStream(p)) {
                            if (inner.iterator().hasNext()) {
                                return true;
                            }
                        }
                    }
                    default -> {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
