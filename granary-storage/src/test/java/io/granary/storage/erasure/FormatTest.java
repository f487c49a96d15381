package io.granary.storage.erasure;

import io.granary.storage.StorageException;
import io.granary.storage.local.LocalObjectStore;
import io.granary.storage.local.LocalStoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.granary.storage.erasure.EcTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FormatTest {

    @TempDir
    Path base;

    @Test
    void freshDrivesAreFormattedWithOneDeploymentAndDistinctPositions() throws Exception {
        List<Path> drives = drives(base, 6);
        String deployment;
        try (ErasureObjectStore store = open(drives)) {
            deployment = store.deploymentId();
            assertThat(store.sets()).isEqualTo(1);
            assertThat(store.parity()).isEqualTo(3);
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < drives.size(); i++) {
            String text = Files.readString(drives.get(i).resolve("granary-format"));
            assertThat(text).contains("deployment=" + deployment).contains("index=" + i).contains("set=0")
                    .contains("setSize=6").contains("crc32c=");
            ids.add(text.lines().filter(l -> l.startsWith("drive=")).findFirst().orElseThrow());
        }
        assertThat(ids).hasSize(6);
        try (ErasureObjectStore store = open(drives)) {
            assertThat(store.deploymentId()).isEqualTo(deployment);
        }
    }

    @Test
    void drivesInTheWrongOrderAreRefused() {
        List<Path> drives = drives(base, 4);
        open(drives).close();
        List<Path> swapped = new ArrayList<>(drives);
        swapped.set(0, drives.get(2));
        swapped.set(2, drives.get(0));
        assertThatThrownBy(() -> open(swapped)).isInstanceOf(StorageException.class)
                .hasMessageContaining("out of order").hasMessageContaining("original order");
    }

    @Test
    void aDriveOfAnotherDeploymentIsRefused() {
        List<Path> a = drives(base.resolve("a"), 4);
        List<Path> b = drives(base.resolve("b"), 4);
        open(a).close();
        open(b).close();
        List<Path> mixed = new ArrayList<>(a);
        mixed.set(3, b.get(3));
        assertThatThrownBy(() -> open(mixed)).isInstanceOf(StorageException.class)
                .hasMessageContaining("another deployment");
    }

    @Test
    void theWrongNumberOfDrivesIsRefused() {
        List<Path> drives = drives(base, 4);
        open(drives).close();
        assertThatThrownBy(() -> open(drives.subList(0, 3))).isInstanceOf(StorageException.class)
                .hasMessageContaining("has 4 drives");
        List<Path> more = new ArrayList<>(drives);
        more.add(base.resolve("disk5"));
        more.add(base.resolve("disk6"));
        assertThatThrownBy(() -> open(more)).isInstanceOf(StorageException.class).hasMessageContaining("has 4 drives");
    }

    @Test
    void aFolderWithForeignDataIsRefused() {
        List<Path> drives = drives(base, 4);
        LocalObjectStore.open(new LocalStoreConfig(drives.get(1), false)).close();
        try (LocalObjectStore local = LocalObjectStore.open(new LocalStoreConfig(drives.get(1), false))) {
            local.createBucket("x", "");
        }
        assertThatThrownBy(() -> open(drives)).isInstanceOf(StorageException.class)
                .hasMessageContaining("not a Granary erasure drive");
    }

    @Test
    void missingDrivesStartDegradedButTooManyAreRefused() throws Exception {
        List<Path> drives = drives(base, 4);
        try (ErasureObjectStore store = open(drives)) {
            store.createBucket("b", "");
            put(store, "b", "k", new byte[3 * BLOCK]);
        }
        deleteTree(drives.get(0));
        Files.writeString(drives.get(0), "dead");
        deleteTree(drives.get(1));
        Files.writeString(drives.get(1), "dead");
        try (ErasureObjectStore store = open(drives)) {
            assertThat(read(store, "b", "k")).hasSize(3 * BLOCK);
            assertThat(store.driveStatus()).extracting(DriveStatus::state).containsExactly(DriveStatus.State.OFFLINE,
                    DriveStatus.State.OFFLINE, DriveStatus.State.OK, DriveStatus.State.OK);
            deleteTree(drives.get(3));
            assertThat(store.driveStatus().get(3).state()).isEqualTo(DriveStatus.State.MISSING);
            store.healAll();
            assertThat(store.driveStatus().get(3).state()).isEqualTo(DriveStatus.State.OK);
        }
        deleteTree(drives.get(2));
        Files.writeString(drives.get(2), "dead");
        assertThatThrownBy(() -> open(drives)).isInstanceOf(StorageException.class)
                .hasMessageContaining("at least half");
    }

    @Test
    void aFreshDeploymentNeedsEveryDrive() throws Exception {
        List<Path> drives = drives(base, 4);
        Files.createDirectories(base);
        Files.writeString(drives.get(3), "a file");
        assertThatThrownBy(() -> open(drives)).isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot format a new deployment");
    }

    @Test
    void parityIsConfigurableAndChecked() {
        List<Path> drives = drives(base, 8);
        try (ErasureObjectStore store = ErasureObjectStore.open(config(drives).withParity(2))) {
            assertThat(store.parity()).isEqualTo(2);
        }
        assertThatThrownBy(() -> ErasureObjectStore.open(config(drives).withParity(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of 1..4");
    }

    @Test
    void severalSetsSpreadObjects() {
        List<Path> drives = drives(base, 18);
        try (ErasureObjectStore store = open(drives)) {
            assertThat(store.sets()).isEqualTo(2);
            assertThat(store.setSize()).isEqualTo(9);
            store.createBucket("b", "");
            for (int i = 0; i < 40; i++) {
                put(store, "b", "k" + i, new byte[INLINE + 10]);
            }
        }
        long first = drives.subList(0, 9).stream().mapToLong(d -> metaFiles(d).size()).sum() / 9;
        long second = drives.subList(9, 18).stream().mapToLong(d -> metaFiles(d).size()).sum() / 9;
        assertThat(first + second).isEqualTo(40);
        assertThat(first).isBetween(5L, 35L);
        for (Path d : drives.subList(0, 9)) {
            assertThat(metaFiles(d)).hasSize((int) first);
        }
    }
}
