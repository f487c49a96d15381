package io.granary.server.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RootCredentialsTest {

    @Test
    void commandLineWinsOverEnvironment() {
        var c = RootCredentials.resolve("cliuser", "clipassword", Map.of("GRANARY_ROOT_USER", "envuser",
                "GRANARY_ROOT_PASSWORD", "envpassword"));
        assertThat(c.user()).isEqualTo("cliuser");
        assertThat(c.isDefault()).isFalse();
    }

    @Test
    void environmentPrecedenceGranaryThenMinioThenRustfs() {
        Map<String, String> all = Map.of(
                "MINIO_ROOT_USER", "miniouser", "MINIO_ROOT_PASSWORD", "miniopassword",
                "RUSTFS_ACCESS_KEY", "rustfsuser", "RUSTFS_SECRET_KEY", "rustfspassword");
        assertThat(RootCredentials.resolve(null, null, all).user()).isEqualTo("miniouser");
        assertThat(RootCredentials.resolve(null, null, Map.of("RUSTFS_ACCESS_KEY", "rustfsuser",
                "RUSTFS_SECRET_KEY", "rustfspassword")).password()).isEqualTo("rustfspassword");
    }

    @Test
    void defaultPairIsFlagged() {
        assertThat(RootCredentials.resolve(null, null, Map.of()).isDefault()).isTrue();
    }

    @Test
    void halfAPairOrAShortSecretIsRejected() {
        assertThatThrownBy(() -> RootCredentials.resolve("user", null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RootCredentials.resolve("user", "short", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
