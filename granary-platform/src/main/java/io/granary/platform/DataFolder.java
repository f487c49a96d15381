package io.granary.platform;

import java.nio.file.Path;

/**
 * A data folder and the filesystem it lives on.
 *
 * @param path   the folder as given
 * @param fsType the file-store type ("ext4", "xfs", "tmpfs", "overlay", "NTFS", ...), probed on the folder or,
 *               if it does not exist yet, on its nearest existing parent
 */
public record DataFolder(Path path, Probed<String> fsType) {}
