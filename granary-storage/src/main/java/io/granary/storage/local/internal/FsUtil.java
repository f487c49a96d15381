package io.granary.storage.local.internal;

import io.granary.storage.StorageError;
import io.granary.storage.StorageException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** File system helpers: durable atomic writes, directory fsync, recursive delete, error mapping. */
public final class FsUtil {

    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase().contains("win");

    private FsUtil() {}

    /** Maps an I/O failure to a storage error: out of space becomes STORAGE_FULL, the rest INTERNAL. */
    public static StorageException io(String what, IOException e) {
        return new StorageException(isOutOfSpace(e) ? StorageError.STORAGE_FULL : StorageError.INTERNAL,
                what + ": " + e, e);
    }

    static boolean isOutOfSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded")
                    || m.contains("There is not enough space on the disk"))) {
                return true;
            }
        }
        return false;
    }

    /** Flushes a directory's entries (new, renamed and deleted names) to stable storage. */
    public static void fsyncDir(Path dir) throws IOException {
        if (WINDOWS) {
            return; // directories cannot be opened for fsync there; NTFS journals metadata itself
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /**
     * Writes {@code bytes} to a fresh file in {@code tmpDir}, flushes it, renames it atomically over
     * {@code target} and flushes {@code target}'s directory (the flushes only with {@code fsync}).
     */
    public static void writeAtomically(Path target, byte[] bytes, Path tmpDir, boolean fsync) throws IOException {
        writeAtomically(target, bytes, tmpDir, Flusher.of(fsync));
    }

    /** {@link #writeAtomically(Path, byte[], Path, boolean)} flushing through {@code flusher}: two flushes. */
    public static void writeAtomically(Path target, byte[] bytes, Path tmpDir, Flusher flusher) throws IOException {
        Path tmp = tmpDir.resolve(Ids.random() + ".meta.tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                flusher.file(ch, tmp); // the contents and size; the rename below is flushed with the folder
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        flusher.dir(target.getParent());
    }

    /** Creates {@code dir} and missing parents, flushing each parent whose entries changed (with {@code fsync}). */
    public static void ensureDir(Path dir, boolean fsync) throws IOException {
        ensureDir(dir, Flusher.of(fsync));
    }

    /** {@link #ensureDir(Path, boolean)} flushing through {@code flusher}: one flush per folder created. */
    public static void ensureDir(Path dir, Flusher flusher) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path parent = dir.getParent();
        ensureDir(parent, flusher);
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw e;
            }
            return;
        }
        flusher.dir(parent);
    }

    /** Deletes a file or a directory tree; missing is fine. Symbolic links are removed, never followed. */
    public static void deleteRecursively(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(path)) {
                for (Path child : ds) {
                    deleteRecursively(child);
                }
            } catch (NoSuchFileException e) {
                return;
            }
        }
        Files.deleteIfExists(path);
    }

    /**
     * Removes {@code path} from view at once by renaming it into {@code tmpDir}, then deletes it. A crash in between
     * leaves it in tmp/, which is cleared at open.
     */
    public static void removeTree(Path path, Path tmpDir, boolean fsync) throws IOException {
        removeTree(path, tmpDir, Flusher.of(fsync));
    }

    /** {@link #removeTree(Path, Path, boolean)} flushing through {@code flusher}. */
    public static void removeTree(Path path, Path tmpDir, Flusher flusher) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path grave = tmpDir.resolve(Ids.random() + ".del");
        Files.move(path, grave, StandardCopyOption.ATOMIC_MOVE);
        flusher.dir(path.getParent());
        deleteRecursively(grave);
    }

    /** Deletes a directory if it is empty; true if it is gone. */
    public static boolean deleteIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The entries of {@code dir}; none if it is missing or not a directory (symbolic links are not followed). */
    public static List<Path> children(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                out.add(p);
            }
        }
        return out;
    }

    /** Like {@link #deleteRecursively} but unchecked, for cleanup paths that must not mask the first error. */
    public static void deleteQuietly(Path path) {
        try {
            deleteRecursively(path);
        } catch (IOException | UncheckedIOException e) {
            // best effort: startup recovery removes anything left over
        }
    }
}
