package io.granary.storage.erasure;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DriveSpecTest {

    @Test
    void expandsEllipses() {
        assertThat(DriveSpec.expand("/mnt/disk{1...4}")).containsExactly("/mnt/disk1", "/mnt/disk2", "/mnt/disk3",
                "/mnt/disk4");
        assertThat(DriveSpec.expand("/plain/dir")).containsExactly("/plain/dir");
        assertThat(DriveSpec.expand("/n{1...2}/d{1...2}")).containsExactly("/n1/d1", "/n1/d2", "/n2/d1", "/n2/d2");
        assertThat(DriveSpec.expand("/d{08...11}")).containsExactly("/d08", "/d09", "/d10", "/d11");
        assertThat(DriveSpec.expand("/d{3...1}")).containsExactly("/d3", "/d2", "/d1");
        assertThat(DriveSpec.expand("/x{5...5}/y")).containsExactly("/x5/y");
    }

    @Test
    void rejectsMalformedAndDuplicates() {
        assertThatThrownBy(() -> DriveSpec.expand("/d{1..4}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DriveSpec.expand("/d{1...99999}")).hasMessageContaining("expands");
        assertThatThrownBy(() -> DriveSpec.expandAll(List.of("/d{1...2}", "/d2"))).hasMessageContaining("twice");
        assertThat(DriveSpec.expandAll(List.of("/a{1...2}", "/b"))).containsExactly(Path.of("/a1"), Path.of("/a2"),
                Path.of("/b"));
    }

    @Test
    void setSizesAndDefaultParity() {
        assertThat(DriveSpec.setSize(2)).isEqualTo(2);
        assertThat(DriveSpec.setSize(4)).isEqualTo(4);
        assertThat(DriveSpec.setSize(16)).isEqualTo(16);
        assertThat(DriveSpec.setSize(18)).isEqualTo(9);
        assertThat(DriveSpec.setSize(32)).isEqualTo(16);
        assertThat(DriveSpec.setSize(20)).isEqualTo(10);
        assertThatThrownBy(() -> DriveSpec.setSize(17)).hasMessageContaining("cannot be split");
        assertThatThrownBy(() -> DriveSpec.setSize(1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of(2, 3, 4, 5, 6, 7, 8, 16).stream().map(DriveSpec::defaultParity))
                .containsExactly(1, 1, 2, 2, 3, 3, 4, 4);
    }
}
